// Owns the one outgoing HTTP call of webhooks: a JSON POST through an agent that refuses
// private addresses after DNS resolution (request-filtering-agent), with a hard timeout.
// Redirects are not followed: a 3xx is an answer like any other non-2xx.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
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

// What an admin reads in the delivery log. Node's own messages name the address a host resolved
// to ("connect ECONNREFUSED 10.0.3.7:443", and the filtering agent's "DNS lookup 10.0.3.7 …"),
// which would map the server's private network for anyone who may add webhooks; so known errors
// get a sentence of their own and any other message loses its addresses.
const BLOCKED = 'refused: the address resolves to a private network address, which is not allowed';
const networkSentences: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  ETIMEDOUT: 'the connection timed out',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
  EHOSTUNREACH: 'the host could not be reached',
  ENETUNREACH: 'the network of the host could not be reached',
};
/** Any IPv4/IPv6 address (with or without a port) in the text becomes "[address]". */
export function withoutAddresses(text: string): string {
  return text.replace(/[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*/g, (run) => {
    const bare = run.replace(/[.:]+$/, '');
    const unported = bare.replace(/:\d{1,5}$/, '');
    return net.isIP(bare) || net.isIP(unported) ? run.replace(bare, '[address]') : run;
  });
}

export function networkProblem(err: Error & { code?: string }): string {
  const code = err.code ?? '';
  if (networkSentences[code]) return networkSentences[code];
  if (/CERT|TLS|SSL/.test(code)) return `the TLS certificate was not accepted (${code})`;
  return withoutAddresses(err.message);
}

export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivateAddresses: boolean },
): Promise<PostOutcome> {
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
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      },
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
      settle({
        kind: 'error',
        reason: 'timeout',
        message: `no answer within ${options.timeoutMs} ms`,
        durationMs: elapsed(),
      });
    }, options.timeoutMs);
    req.on('error', (err) => {
      const blocked = /is not allowed/.test(err.message);
      settle({
        kind: 'error',
        reason: blocked ? 'blocked' : 'network',
        message: blocked ? BLOCKED : networkProblem(err),
        durationMs: elapsed(),
      });
    });
    req.end(body);
  });
}
