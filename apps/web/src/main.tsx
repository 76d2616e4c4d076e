import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n/i18n';
import './styles/tokens.css';
import './styles/app.css';
import './styles/prosemirror.css';
import { App } from './App';
import { startPageChunk } from './pages/pageChunks';
import { parseRoute } from './router/parseRoute';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lost its #root element');
startPageChunk(parseRoute(location.pathname));
// The catalogue of the person's language is its own small chunk; render once it is here (an
// unreachable catalogue still renders, in the English fallback).
void i18nReady.finally(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
