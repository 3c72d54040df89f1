// Owns the webhook signature: `Tenure-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
// The timestamp is signed with the body, so a captured delivery cannot be replayed later
// without the receiver noticing (it rejects old timestamps); see docs/webhooks.md.
import { createHmac, randomBytes } from 'node:crypto';

export const SIGNATURE_HEADER = 'Tenure-Signature';

export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}
