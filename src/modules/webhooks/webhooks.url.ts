// Owns which webhook URLs Tenure will call (SSRF policy). A webhook URL is chosen by a
// workspace admin, so a server that calls it must not become a way into its own network:
//   - only http: and https:, no credentials in the URL (the signature is the authentication);
//   - unless WEBHOOKS_ALLOW_PRIVATE_ADDRESSES is set, no loopback, private, link-local
//     (cloud metadata), carrier-grade NAT, multicast, reserved or unspecified address — checked
//     here for literal addresses and `localhost`, and again at delivery time on the address
//     the name resolves to (request-filtering-agent), so DNS rebinding cannot get around it.
import net from 'node:net';
import ipaddr from 'ipaddr.js';

export type UrlProblem = string | undefined;

const isPublicAddress = (host: string): boolean => {
  const bare = host.replace(/^\[|\]$/g, '');
  if (!net.isIP(bare)) return true;
  const addr = ipaddr.process(bare);
  return addr.range() === 'unicast';
};

/** Why the URL may not be used as a webhook, or undefined when it may. */
export function webhookUrlProblem(raw: string, options: { allowPrivateAddresses: boolean }): UrlProblem {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use https (or http)';
  if (url.username || url.password) return 'must not contain credentials; verify the Tenure-Signature header instead';
  if (!url.hostname) return 'must name a host';
  if (options.allowPrivateAddresses) return undefined;
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || !isPublicAddress(host)) {
    return 'must not point to a private, loopback or link-local address';
  }
  return undefined;
}
