import { css } from 'lit';

/** The insights: a grid of rate tiles, then the tables. */
export const styles = css`
  .head {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: baseline;
    gap: 0.5rem 1rem;
  }
  .head label {
    display: inline-flex;
    gap: 0.5rem;
    align-items: center;
  }
  ul.tiles {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
    gap: 0.75rem;
  }
  .tile {
    display: flex;
    flex-direction: column;
    margin: 0;
  }
  .label {
    font-weight: 600;
  }
  .value {
    font-size: 1.75rem;
    font-weight: 700;
    line-height: 1.3;
  }
  .detail {
    font-size: 0.8125rem;
  }
  .columns {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr));
    gap: 0 1rem;
  }
  .wide {
    grid-column: 1 / -1;
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: left;
    padding: 0.35rem 0.25rem;
    border-bottom: 1px solid #eaeef2;
    vertical-align: top;
  }
  tbody th {
    font-weight: 400;
  }
  .num {
    text-align: right;
    white-space: nowrap;
  }
  ol.questions {
    margin: 0;
    padding-left: 1.25rem;
  }
  ol.questions li {
    margin-bottom: 0.35rem;
  }
  @media (max-width: 40rem) {
    .columns {
      grid-template-columns: minmax(0, 1fr);
    }
  }
`;
