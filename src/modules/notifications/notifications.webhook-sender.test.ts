// The webhook sender against a local HTTP receiver: the message arrives as signed JSON (the
// signature checks out with the secret), 5xx, 429 and network errors throw to be retried, other
// 4xx are permanent, and the provider's message id is kept.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Receiver, startReceiver } from '../../../test/support/receiver.ts';
import { PermanentSendError } from './notifications.channel.ts';
import { createWebhookSender } from './notifications.webhook-sender.ts';

let rx: Receiver;
beforeAll(async () => (rx = await startReceiver()));
afterAll(() => rx?.close());

const secret = 'test-secret-0123456789';
const message = (id: string) => ({
  id,
  channel: 'sms' as const,
  to: '+5511999990000',
  toName: 'Ana Souza',
  fromName: 'Loja',
  content: { subject: 'Oi', text: 'Long text', short: 'Oi Ana, 100 pontos' },
});

test('posts signed JSON; 5xx and 429 retry, 4xx is permanent', async () => {
  const at = new Date('2026-03-10T12:00:00Z');
  const sms = createWebhookSender('sms', { url: rx.url('/sms'), secret, now: () => at });
  rx.script('/sms', [503, 429, 400, 200]);
  await expect(sms.send(message('m1'))).rejects.not.toBeInstanceOf(PermanentSendError);
  await expect(sms.send(message('m1'))).rejects.not.toBeInstanceOf(PermanentSendError);
  await expect(sms.send(message('m2'))).rejects.toBeInstanceOf(PermanentSendError);
  expect(await sms.send(message('m1'))).toEqual({ status: 'sent', providerMessageId: null });
  const got = rx.on('/sms');
  expect(got).toHaveLength(4);
  const last = got[3];
  expect(JSON.parse(last.body)).toEqual({
    id: 'm1',
    channel: 'sms',
    to: '+5511999990000',
    toName: 'Ana Souza',
    from: 'Loja',
    text: 'Oi Ana, 100 pontos',
    subject: 'Oi',
  });
  expect(last.headers['idempotency-key']).toBe('m1');
  const t = at.getTime() / 1000;
  const v1 = createHmac('sha256', secret).update(`${t}.${last.body}`).digest('hex');
  expect(last.headers['tenure-signature']).toBe(`t=${t},v1=${v1}`);

  const down = createWebhookSender('sms', { url: 'http://127.0.0.1:9/none', secret, timeoutMs: 2000 });
  await expect(down.send(message('m3'))).rejects.not.toBeInstanceOf(PermanentSendError);
});
