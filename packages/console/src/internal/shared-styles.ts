/** Styles every console screen shares: type, focus rings, chips, buttons, cards. */
import { css } from 'lit';

/** The console's base styles (custom properties on `:host` are the public knobs). */
export const sharedStyles = css`
  :host {
    display: block;
    --kotae-console-accent: #1f5fbf;
    --kotae-console-text: #1b1f24;
    --kotae-console-muted: #57606a;
    --kotae-console-border: #d0d7de;
    --kotae-console-surface: #ffffff;
    --kotae-console-danger: #b42318;
    --kotae-console-ok: #1a7f37;
    color: var(--kotae-console-text);
    font-size: 15px;
    line-height: 1.5;
  }
  h1 {
    font-size: 1.5rem;
    line-height: 1.25;
    margin: 0 0 1rem;
  }
  h2 {
    font-size: 1.125rem;
    margin: 0 0 0.5rem;
  }
  h1:focus {
    outline: none;
  }
  a {
    color: var(--kotae-console-accent);
  }
  a:focus-visible,
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  summary:focus-visible {
    outline: 3px solid var(--kotae-console-accent);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    border: 1px solid var(--kotae-console-border);
    background: var(--kotae-console-surface);
    color: var(--kotae-console-text);
    border-radius: 6px;
    padding: 0.4rem 0.9rem;
    min-height: 2.5rem;
    cursor: pointer;
  }
  button.primary {
    background: var(--kotae-console-accent);
    border-color: var(--kotae-console-accent);
    color: #fff;
    font-weight: 600;
  }
  button[disabled] {
    opacity: 0.6;
    cursor: default;
  }
  select,
  textarea,
  input[type='text'] {
    font: inherit;
    border: 1px solid #8c959f;
    border-radius: 6px;
    padding: 0.35rem 0.5rem;
    background: #fff;
    color: inherit;
    max-width: 100%;
    box-sizing: border-box;
  }
  .card {
    background: var(--kotae-console-surface);
    border: 1px solid var(--kotae-console-border);
    border-radius: 8px;
    padding: 1rem;
    margin: 0 0 1rem;
  }
  .muted {
    color: var(--kotae-console-muted);
  }
  .chip {
    display: inline-block;
    border-radius: 999px;
    padding: 0 0.55rem;
    font-size: 0.8125rem;
    line-height: 1.6;
    border: 1px solid var(--kotae-console-border);
    background: #f6f8fa;
    white-space: nowrap;
  }
  .chip.thumbs-down,
  .chip.wrong,
  .chip.escalated {
    background: #ffebe9;
    border-color: #ffcecb;
    color: #82071e;
  }
  .chip.refused,
  .chip.low-answerability,
  .chip.flagged,
  .chip.partly,
  .chip.should-have-refused {
    background: #fff8c5;
    border-color: #eed888;
    color: #633c01;
  }
  .chip.sample {
    background: #ddf4ff;
    border-color: #b6e3ff;
    color: #0a3069;
  }
  .chip.correct,
  .chip.cited {
    background: #dafbe1;
    border-color: #aceebb;
    color: #0f5323;
  }
  .stored {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .error {
    color: var(--kotae-console-danger);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
