import { css } from 'lit';

/** The queue: the filter form and the list of interactions. */
export const styles = css`
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
  }
  legend {
    font-weight: 600;
    margin-bottom: 0.5rem;
  }
  .signals {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.25rem;
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    min-height: 2.25rem;
  }
  .check input {
    width: 1.1rem;
    height: 1.1rem;
    margin: 0;
  }
  .hint {
    margin: 0.5rem 0 0;
    font-size: 0.875rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1.5rem;
    align-items: center;
    margin-top: 0.75rem;
    padding-top: 0.75rem;
    border-top: 1px solid var(--kotae-console-border);
  }
  .row label {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
  }
  .count {
    margin: 0 0 0.5rem;
  }
  ol.items {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .item {
    margin-bottom: 0.75rem;
  }
  .question {
    font-weight: 600;
    font-size: 1.0625rem;
    display: block;
  }
  /* A preview: the first lines of the answer, whitespace collapsed (the conversation shows it whole). */
  .answer {
    margin: 0.25rem 0 0.5rem;
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    overflow: hidden;
    overflow-wrap: anywhere;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    font-size: 0.875rem;
    color: var(--kotae-console-muted);
  }
  ul.chips {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    list-style: none;
    margin: 0.5rem 0 0;
    padding: 0;
  }
  .more {
    width: 100%;
  }
`;
