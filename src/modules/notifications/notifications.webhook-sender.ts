// Owns the webhook sender for SMS and WhatsApp providers: each message POSTed as JSON to the
// provider's URL (or a small relay in front of it), signed like our webhooks — `Tenure-Signature:
// t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with the configured secret. A 2xx is sent
// (the provider's message id taken from a JSON answer's `id`, when there is one); 408, 429 and
// 5xx or a network error throw, so the outbox retries with backoff; any other 4xx is a
// PermanentSendError (the provider refused the message; retrying cannot help). The message id is
// sent as `Idempotency-Key`, so a provider can drop a retry of a message it already took.
import { SIGNATURE_HEADER, signatureHeader } from '../webhooks/index.ts';
import { type ChannelSender, PermanentSendError } from './notifications.channel.ts';
import type { MessageChannel } from './notifications.schema.ts';

export type WebhookSenderOptions = {
  url: string;
  secret: string;
  timeoutMs?: number;
  now?: () => Date;
  fetch?: typeof fetch;
};

/** What the provider receives. */
export type WebhookMessage = {
  id: string;
  channel: MessageChannel;
  to: string;
  toName: string;
  from: string;
  text: string;
  subject: string;
};

const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

export function createWebhookSender(channel: MessageChannel, options: WebhookSenderOptions): ChannelSender {
  const now = options.now ?? (() => new Date());
  const post = options.fetch ?? fetch;
  return {
    channel,
    configured: true,
    send: async (message) => {
      const payload: WebhookMessage = {
        id: message.id,
        channel: message.channel,
        to: message.to,
        toName: message.toName,
        from: message.fromName,
        // Text channels get the short form; the subject is there for providers that show one.
        text: message.content.short,
        subject: message.content.subject,
      };
      const body = JSON.stringify(payload);
      const res = await post(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Tenure-Messages/1',
          'idempotency-key': message.id,
          [SIGNATURE_HEADER]: signatureHeader(options.secret, body, now()),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      const answer = await res.text().catch(() => '');
      if (res.ok) {
        let id: unknown = null;
        try {
          id = (JSON.parse(answer) as { id?: unknown }).id;
        } catch {
          // Not JSON: no provider id.
        }
        return {
          status: 'sent',
          providerMessageId: typeof id === 'string' || typeof id === 'number' ? String(id) : null,
        };
      }
      const detail = `${channel} provider answered ${res.status}${answer ? `: ${answer.slice(0, 200)}` : ''}`;
      if (retryable(res.status)) throw new Error(detail);
      throw new PermanentSendError(detail);
    },
  };
}
