import { css } from 'lit';

/**
 * The contact form: fields stacked, the error under its field, actions in a row that stays at the
 * bottom of the panel's scroll area while the form is in it (Send is never below the fold).
 */
export const contactFormStyles = css`
  :host {
    display: block;
  }
  [part='base'] {
    display: grid;
    gap: 0.35rem;
    margin: 0.5rem 0 0;
  }
  h3,
  p {
    margin: 0;
  }
  textarea,
  input,
  button {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 0.5rem;
    padding: 0.4rem 0.75rem;
    box-sizing: border-box;
    max-inline-size: 100%;
  }
  textarea {
    min-block-size: 4.5rem;
    resize: vertical;
  }
  .actions {
    position: sticky;
    inset-block-end: 0;
    padding-block: 0.4rem;
    background: var(--_bg);
  }
  .error,
  [aria-invalid='true'] {
    color: var(--kotae-error-color, #b3261e);
    border-color: currentColor;
  }
  button[type='submit'] {
    background: var(--_accent);
    color: var(--_accent-fg);
    margin-inline-end: 0.5rem;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 1px;
  }
`;
