import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { LangProvider } from './app/lang.js';
import { RouterProvider } from './app/router.js';
import { AnnouncerProvider } from './app/ui.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LangProvider>
      <RouterProvider>
        <AnnouncerProvider>
          <App />
        </AnnouncerProvider>
      </RouterProvider>
    </LangProvider>
  </StrictMode>,
);
