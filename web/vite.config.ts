import path from 'node:path';
import { defineConfig } from 'vite';

// JSX is compiled by Vite's esbuild (automatic runtime); no React plugin is needed for builds.
export default defineConfig({
  root: path.resolve(import.meta.dirname),
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // Mantine marks modules "use client" for React Server Components; meaningless in a SPA.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  // The API checks a signed-in browser's Origin against the Host it was reached at (CSRF), so
  // the dev proxy keeps the browser's Host (Vite's shorthand would rewrite it to the target's).
  server: {
    proxy: Object.fromEntries(
      ['/api', '/docs', '/openapi.json'].map((p) => [p, { target: 'http://localhost:3000', changeOrigin: false }]),
    ),
  },
});
