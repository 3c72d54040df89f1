// A local HTTP server that records every request it gets and answers from a per-path script
// (e.g. 500, 500, then 200), for webhook tests. Listens on 127.0.0.1 only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string; at: number };

export type Receiver = {
  url: (path: string) => string;
  received: Received[];
  on: (path: string) => Received[];
  /** Answers for a path, used in order; the last one repeats. `hang` never answers. */
  script: (path: string, answers: (number | 'hang')[]) => void;
  close: () => Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const scripts = new Map<string, (number | 'hang')[]>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body, at: Date.now() });
      const script = scripts.get(path) ?? [204];
      const answer = script.length > 1 ? (script.shift() as number | 'hang') : script[0];
      if (answer === 'hang') return;
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer >= 400 ? 'nope' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    on: (path) => received.filter((r) => r.path === path),
    script: (path, answers) => scripts.set(path, [...answers]),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
