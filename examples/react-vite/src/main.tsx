// Defines <kotae-help>. Its search worker is one self-contained file, started with
// `new URL('./search-worker.js', import.meta.url)`, which Vite copies into dist/assets/.
import '@kotae/widget';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
