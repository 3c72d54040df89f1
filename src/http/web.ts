// Owns serving the built web app (web/dist) at /: static assets, and index.html for every
// other browser path so client-side routes work on reload. Until a build exists it serves
// a short page that refreshes itself (npm start builds the app in the background).
import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { webDist } from '../paths.ts';

const building = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>Tenure</title></head>
<body style="font-family:system-ui;padding:3rem"><h1>Tenure</h1><p>The web app is being built; this page refreshes by itself.</p>
<p>The API is already up: <a href="/docs">API reference</a>.</p></body></html>`;

export function webRoutes(distDir = webDist) {
  const web = new Hono();
  const root = path.relative(process.cwd(), distDir) || '.';
  web.use(
    '/assets/*',
    serveStatic({
      root,
      // The build writes .br and .gz beside each asset (web/vite.config.ts); the browser gets the best it accepts.
      precompressed: true,
      onFound: (_p, c) => c.header('cache-control', 'public, max-age=31536000, immutable'),
    }),
  );
  web.get('*', (c) => {
    const index = path.join(distDir, 'index.html');
    if (!fs.existsSync(index)) return c.html(building, 503, { 'retry-after': '3' });
    return c.html(fs.readFileSync(index, 'utf8'), 200, { 'cache-control': 'no-cache' });
  });
  return web;
}

/** Builds the web app when no build exists (first `npm start` on a fresh clone). */
export async function buildWebIfMissing(log: {
  info: (msg: string) => void;
  error: (o: object, msg: string) => void;
}): Promise<void> {
  if (fs.existsSync(path.join(webDist, 'index.html'))) return;
  log.info('building the web app (first start)…');
  try {
    const { build } = await import('vite');
    await build({ configFile: path.resolve(webDist, '../vite.config.ts'), logLevel: 'warn' });
    log.info('web app built');
  } catch (err) {
    log.error({ err }, 'could not build the web app; run `npm run build`');
  }
}
