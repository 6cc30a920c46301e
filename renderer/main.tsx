// Renderer entry: styles, i18n, then the editor.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/theme.css';
import './styles/app.css';
import './i18n';
import { App } from './app/App';
// Registers how the Training tab loads imported datasets, before any project is opened.
import './dataset/trainingData';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
