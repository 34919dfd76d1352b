import { css } from 'lit';

/** The contact form: fields stacked, the error under its field, actions in a row. */
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
    padding-block: 0.4rem;
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
