// The widget's self-contained build: it defines <kotae-help> and brings its search worker along
// (Vite copies `search-worker.js` into dist/assets/). See docs/guide-product-teams.md for why
// this entry and not `@kotae/widget` itself.
import '@kotae/widget/cdn/kotae-help.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
