// Owns which webhook URLs Tenure will call (SSRF policy). A webhook URL is chosen by a
// workspace admin, so a server that calls it must not become a way into its own network:
//   - only http: and https:, no credentials in the URL (the signature is the authentication);
//   - unless WEBHOOKS_ALLOW_PRIVATE_ADDRESSES is set, no loopback, private, link-local
//     (cloud metadata), carrier-grade NAT, multicast, reserved or unspecified address — checked
//     here for literal addresses and `localhost`, and again at delivery time on the address
//     the name resolves to (request-filtering-agent), so DNS rebinding cannot get around it.
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { type Problem, problem } from '../../lib/problems.ts';

export type UrlProblem = string | undefined;

const isPublicAddress = (host: string): boolean => {
  const bare = host.replace(/^\[|\]$/g, '');
  if (!net.isIP(bare)) return true;
  const addr = ipaddr.process(bare);
  return addr.range() === 'unicast';
};

/** Why the URL may not be used as a webhook, as a problem with its code, or undefined when it may. */
export function webhookUrlRefusal(raw: string, options: { allowPrivateAddresses: boolean }): Problem | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return problem('url_absolute');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return problem('url_scheme');
  if (url.username || url.password) return problem('url_credentials');
  if (!url.hostname) return problem('url_host');
  if (options.allowPrivateAddresses) return undefined;
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || !isPublicAddress(host)) return problem('url_private');
  return undefined;
}

/** Why the URL may not be used as a webhook, in English, or undefined when it may. */
export const webhookUrlProblem = (raw: string, options: { allowPrivateAddresses: boolean }): UrlProblem =>
  webhookUrlRefusal(raw, options)?.message;
