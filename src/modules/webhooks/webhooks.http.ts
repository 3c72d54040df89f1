// Owns the one outgoing HTTP call of webhooks: a JSON POST through an agent that refuses
// private addresses after DNS resolution (request-filtering-agent), with a hard timeout.
// Redirects are not followed: a 3xx is an answer like any other non-2xx.
import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

export type PostOutcome =
  | { kind: 'response'; status: number; durationMs: number }
  | { kind: 'error'; reason: 'timeout' | 'network' | 'blocked'; message: string; durationMs: number };

const agents = new Map<boolean, { http: http.Agent; https: https.Agent }>();

function agentsFor(allowPrivate: boolean) {
  let a = agents.get(allowPrivate);
  if (!a) {
    const options = { allowPrivateIPAddress: allowPrivate, keepAlive: true, maxSockets: 16 };
    a = { http: new RequestFilteringHttpAgent(options), https: new RequestFilteringHttpsAgent(options) };
    agents.set(allowPrivate, a);
  }
  return a;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

export function postJson(url: string, body: string, headers: Record<string, string>, options: { timeoutMs: number; allowPrivateAddresses: boolean }): Promise<PostOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const agent = agentsFor(options.allowPrivateAddresses)[target.protocol === 'https:' ? 'https' : 'http'];
  return new Promise((resolve) => {
    let settled = false;
    const settle = (o: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const req = client.request(
      target,
      { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        // Read (and drop) the answer so the socket can be reused; a huge answer is cut off.
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > MAX_RESPONSE_BYTES) res.destroy();
        });
        res.on('close', () => settle({ kind: 'response', status: res.statusCode ?? 0, durationMs: elapsed() }));
        res.on('error', () => settle({ kind: 'response', status: res.statusCode ?? 0, durationMs: elapsed() }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      settle({ kind: 'error', reason: 'timeout', message: `no answer within ${options.timeoutMs} ms`, durationMs: elapsed() });
    }, options.timeoutMs);
    req.on('error', (err) => {
      const blocked = /is not allowed/.test(err.message);
      settle({ kind: 'error', reason: blocked ? 'blocked' : 'network', message: blocked ? `refused: ${err.message}` : err.message, durationMs: elapsed() });
    });
    req.end(body);
  });
}
