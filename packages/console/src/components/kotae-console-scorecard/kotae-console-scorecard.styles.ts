import { css } from 'lit';

/** The scorecard: radio groups as large targets, the 1–5 scales as segmented rows. */
export const styles = css`
  fieldset {
    border: 0;
    margin: 0 0 0.75rem;
    padding: 0;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    margin-bottom: 0.35rem;
    padding: 0;
  }
  .options {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }
  .option {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    min-height: 2.25rem;
  }
  .criterion legend {
    font-weight: 400;
  }
  .criterion {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.25rem 0.75rem;
    margin-bottom: 0.4rem;
  }
  .criterion legend {
    float: left;
  }
  .scale {
    display: inline-flex;
    border: 1px solid #8c959f;
    border-radius: 6px;
    overflow: hidden;
  }
  .score {
    position: relative;
  }
  .score input {
    position: absolute;
    opacity: 0;
    inset: 0;
    margin: 0;
  }
  .score span {
    display: inline-block;
    min-width: 2.25rem;
    line-height: 2.25rem;
    text-align: center;
    border-left: 1px solid #d0d7de;
  }
  .score:first-child span {
    border-left: 0;
  }
  .score input:checked + span {
    background: var(--kotae-console-accent);
    color: #fff;
    font-weight: 600;
  }
  .score input:focus-visible + span {
    outline: 3px solid var(--kotae-console-accent);
    outline-offset: -3px;
  }
  .block {
    display: block;
    font-weight: 600;
    margin-bottom: 0.25rem;
  }
  textarea {
    width: 100%;
    resize: vertical;
  }
  .hint {
    font-size: 0.8125rem;
    margin: 0.15rem 0 0.75rem;
  }
  .submit {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    flex-wrap: wrap;
  }
  .ok {
    color: var(--kotae-console-ok);
    font-weight: 600;
  }
`;
