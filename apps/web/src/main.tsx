// first: starts a page's data before the rest of the app's code runs (see the module)
import './api/early-requests';
import '@kern-ux/native/dist/fonts/fira-sans.css';
import '@kern-ux/native/dist/kern.min.css';
import './app.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { queryClient } from './api/query-client';
import { router } from './routes';

const container = document.getElementById('root');
if (!container) throw new Error('#root fehlt in index.html');
createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
