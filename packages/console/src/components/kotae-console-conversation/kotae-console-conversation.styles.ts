import { css } from 'lit';

/** The conversation screen: two columns on a desktop (the record, then the facts and the scorecard), one on a phone. */
export const styles = css`
  .eyebrow {
    margin: 0;
    font-size: 0.8125rem;
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(18rem, 24rem);
    gap: 1rem;
    align-items: start;
  }
  @media (max-width: 56rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .answer {
    background: #f6f8fa;
    border-left: 4px solid var(--kotae-console-accent);
    padding: 0.75rem 1rem;
    border-radius: 4px;
  }
  .small {
    font-size: 0.8125rem;
    margin-bottom: 0;
  }
  ol.sources,
  ol.related,
  ol.reviews,
  ul.events {
    margin: 0;
    padding-left: 1.25rem;
  }
  ol.sources > li,
  ol.reviews > li,
  ul.events > li {
    margin-bottom: 0.75rem;
  }
  .source {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .source code {
    overflow-wrap: anywhere;
  }
  blockquote {
    margin: 0.5rem 0 0;
    padding: 0.5rem 0.75rem;
    border-left: 3px solid var(--kotae-console-border);
    background: #fafbfc;
  }
  dl.facts {
    margin: 0;
  }
  dl.facts > div {
    display: flex;
    justify-content: space-between;
    gap: 1rem;
    padding: 0.3rem 0;
    border-bottom: 1px solid #eaeef2;
  }
  dl.facts > div:last-child {
    border-bottom: 0;
  }
  dt {
    color: var(--kotae-console-muted);
  }
  dd {
    margin: 0;
    text-align: right;
    overflow-wrap: anywhere;
  }
  dl.scores {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    margin: 0.5rem 0 0;
  }
  dl.scores > div {
    display: flex;
    gap: 0.35rem;
  }
  li[aria-current='true'] {
    font-weight: 600;
  }
  [hidden] {
    display: none;
  }
`;
