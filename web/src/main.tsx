import '@mantine/core/styles.css';
import { Badge, createTheme, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';
import i18n, { i18nReady } from './i18n.ts';

const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
  components: {
    // A badge is a word or two that must be read whole ("PLATINUM", not "PLATI…"): it keeps its
    // width in narrow table cells and rows instead of shrinking to an ellipsis.
    Badge: Badge.extend({ styles: { root: { minWidth: 'max-content' } } }),
  },
});
const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
// Answers the server words in the chosen language (Accept-Language) are fetched again in the new one.
i18n.on('languageChanged', () => void queryClient.invalidateQueries());

// A failed language load still renders (keys show); the app is usable and says what it can.
const render = () =>
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <MantineProvider theme={theme}>
        <QueryClientProvider client={queryClient}>
          {/* Navigation renders at once rather than in a transition: the URL holds the list's
            filters, and a click must never act on the filters of the previous render. */}
          <BrowserRouter useTransitions={false}>
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
void i18nReady.then(render, render);
