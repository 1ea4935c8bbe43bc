import '@tollgate/react/styles.css';
import './demo.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html needs a <div id="root">');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
