import { css } from 'lit';

/** The panel's inside: search field, result list, article view, feedback. */
export const panelStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-block-size: 0;
    flex: 1;
    color: var(--_fg);
    background: var(--_bg);
    overflow-wrap: anywhere;
    line-break: strict;
    word-break: normal;
  }
  [hidden] {
    display: none !important;
  }
  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .head {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    padding: 0.75rem;
    border-block-end: 1px solid var(--_border);
  }
  input {
    flex: 1;
    min-inline-size: 0;
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 0.5rem;
    padding: 0.5rem 0.75rem;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  input:focus-visible,
  button:focus-visible,
  a:focus-visible,
  h2:focus-visible,
  [tabindex='0']:focus-visible,
  [role='option'].active {
    outline: 3px solid var(--_focus);
    outline-offset: 1px;
  }
  .close {
    border: 1px solid transparent;
    background: transparent;
    border-radius: 0.5rem;
    padding: 0.35rem 0.6rem;
  }
  .body {
    flex: 1;
    overflow: auto;
    overscroll-behavior: contain;
    padding: 0.5rem 0.75rem 1rem;
  }
  .label {
    margin: 0.5rem 0.25rem;
    color: var(--_muted);
    font-size: 0.875em;
  }
  [role='listbox'] {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  [role='group'] {
    display: flex;
    flex-direction: column;
    gap: 0.125rem;
    padding-block: 0.25rem;
  }
  [role='group'] + [role='group'] {
    border-block-start: 1px solid var(--_border);
  }
  [role='option'] {
    display: block;
    padding: 0.5rem;
    border-radius: 0.5rem;
    cursor: pointer;
  }
  [role='option']:hover,
  [role='option'].active {
    background: var(--_surface);
  }
  .title {
    display: block;
    font-weight: 600;
  }
  [role='group'] > .title {
    padding: 0.25rem 0.5rem 0;
  }
  .where {
    display: block;
    font-weight: 600;
    font-size: 0.875em;
  }
  .snippet {
    display: block;
    color: var(--_muted);
    font-size: 0.875em;
  }
  /* Compact results: one line of each snippet; the whole of it on the row pointed at or chosen. */
  [role='group'] .snippet {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 1;
    overflow: hidden;
  }
  [role='group'] [role='option']:hover .snippet,
  [role='group'] [role='option'].active .snippet {
    -webkit-line-clamp: unset;
  }
  /* Ask first: a clear action above the results. */
  .ask-first > [role='option']:first-child {
    border: 1px solid var(--_accent);
    margin-block-end: 0.25rem;
  }
  mark {
    background: var(--_mark);
    color: inherit;
    border-radius: 0.15em;
  }
  .empty,
  .error {
    padding: 0.5rem 0.25rem;
  }
  .error {
    color: var(--_fg);
  }
  .back {
    border: 0;
    background: transparent;
    color: var(--_accent);
    padding: 0.25rem 0;
    text-decoration: underline;
  }
  .article h2 {
    font-size: 1.25em;
    margin: 0.5rem 0;
  }
  .article h3 {
    font-size: 1.05em;
    margin: 1rem 0 0.25rem;
  }
  .article a {
    color: var(--_accent);
  }
  .article img {
    max-inline-size: 100%;
    block-size: auto;
  }
  .article pre {
    overflow: auto;
    background: var(--_surface);
    padding: 0.5rem;
    border-radius: 0.5rem;
  }
  .article table {
    border-collapse: collapse;
    display: block;
    overflow: auto;
  }
  .article th,
  .article td {
    border: 1px solid var(--_border);
    padding: 0.25rem 0.5rem;
    /* Words stay whole in a cell: a table too wide for a phone scrolls sideways in itself. */
    overflow-wrap: normal;
    min-inline-size: 6em;
  }
  .feedback {
    margin-block-start: 1.5rem;
    padding-block-start: 1rem;
    border-block-start: 1px solid var(--_border);
  }
  .feedback p {
    margin: 0 0 0.5rem;
  }
  .choices {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  .choice,
  .contact {
    border: 1px solid var(--_border);
    background: var(--_bg);
    border-radius: 0.5rem;
    padding: 0.4rem 1rem;
  }
  .choice[aria-pressed='true'] {
    background: var(--_surface);
    font-weight: 600;
  }
  .contact {
    margin-block-start: 0.5rem;
    background: var(--_accent);
    color: var(--_accent-fg);
    border-color: var(--_accent);
  }
  .ask {
    color: var(--_accent);
  }
  .stop,
  .retry {
    border: 1px solid var(--_border);
    background: var(--_bg);
    border-radius: 0.5rem;
    padding: 0.25rem 0.75rem;
  }
  .cite,
  .sources button {
    border: 0;
    background: none;
    padding: 0;
    color: var(--_accent);
    text-decoration: underline;
    text-align: start;
  }
  .sources .lang {
    margin-inline-start: 0.375rem;
    padding: 0 0.25rem;
    border: 1px solid var(--_border);
    border-radius: 0.25rem;
    font-size: 0.75em;
    color: var(--_muted);
  }
  .answer h3 {
    font-size: 0.875em;
    color: var(--_muted);
  }
  /* Fingers: buttons at least 44 px high (WCAG 2.5.5), the close button square. */
  @media (pointer: coarse) {
    .close,
    .back,
    .stop,
    .retry,
    .choice,
    .contact {
      min-block-size: 2.75rem;
      min-inline-size: 2.75rem;
    }
  }
`;
