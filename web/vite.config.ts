import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes a .br and a .gz beside every text asset, once at build, so the server sends them
 * compressed without compressing per request (src/http/web.ts serves them, `precompressed`).
 */
function precompress(): Plugin {
  return {
    name: 'tenure-precompress',
    apply: 'build',
    writeBundle(options) {
      const dir = path.join(options.dir ?? '', 'assets');
      for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
        if (!/\.(js|css|svg|json)$/.test(name)) continue;
        const file = path.join(dir, name);
        const body = fs.readFileSync(file);
        if (body.length < 1024) continue;
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

// JSX is compiled by Vite's esbuild (automatic runtime); no React plugin is needed for builds.
export default defineConfig({
  root: path.resolve(import.meta.dirname),
  esbuild: { jsx: 'automatic' },
  plugins: [precompress()],
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
