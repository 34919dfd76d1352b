import { css } from 'lit';

/** The console frame: the header bar, the navigation and the main column. */
export const styles = css`
  .skip {
    position: absolute;
    left: -9999px;
    top: 0.5rem;
    background: #fff;
    padding: 0.5rem 1rem;
    z-index: 2;
  }
  .skip:focus {
    left: 0.5rem;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1.25rem;
    padding: 0.5rem 1.25rem;
    background: #0d2c54;
    color: #fff;
  }
  .brand {
    font-weight: 700;
    letter-spacing: 0.01em;
  }
  nav ul {
    display: flex;
    gap: 0.25rem;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  nav a {
    color: #fff;
    text-decoration: none;
    display: inline-block;
    padding: 0.45rem 0.75rem;
    border-radius: 6px;
  }
  nav a[aria-current='page'] {
    background: rgba(255, 255, 255, 0.18);
    font-weight: 600;
  }
  nav a:focus-visible,
  header button:focus-visible {
    outline-color: #fff;
  }
  .tools {
    margin-left: auto;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
  }
  .tools button {
    background: transparent;
    color: #fff;
    border-color: rgba(255, 255, 255, 0.6);
  }
  .who {
    font-size: 0.875rem;
  }
  main {
    max-width: 72rem;
    margin: 0 auto;
    padding: 1.25rem;
  }
  main:focus {
    outline: none;
  }
  .narrow {
    max-width: 40rem;
    margin: 2rem auto;
  }
  .ok {
    color: var(--kotae-console-ok);
    font-weight: 600;
  }
  code {
    background: #f0f2f4;
    padding: 0 0.25rem;
    border-radius: 4px;
  }
  @media (max-width: 40rem) {
    header {
      padding: 0.5rem 0.75rem;
    }
    .tools {
      margin-left: 0;
      width: 100%;
    }
    main {
      padding: 0.75rem;
    }
  }
`;
