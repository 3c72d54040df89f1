// Owns sending email: nodemailer over SMTP with a pooled connection. An SMTP 5xx answer is a
// permanent refusal (bad address, policy); anything else (4xx, network) is retried later.
import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';
import { type ChannelSender, PermanentSendError } from './notifications.channel.ts';

export function createEmailSender(smtp: NonNullable<Config['smtp']>): ChannelSender {
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 2,
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTls,
    auth: smtp.user && smtp.password ? { user: smtp.user, pass: smtp.password } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    channel: 'email',
    configured: true,
    send: async (message) => {
      try {
        const info = await transport.sendMail({
          from: { name: message.fromName, address: smtp.from },
          to: { name: message.toName, address: message.to },
          subject: message.content.subject,
          text: message.content.text,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Tenure-Notification-Id': message.id },
        });
        return { status: 'sent', providerMessageId: info.messageId ?? null };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        if (typeof code === 'number' && code >= 500)
          throw new PermanentSendError(`the mail server refused the message (${code}): ${(err as Error).message}`);
        throw err;
      }
    },
    close: () => transport.close(),
  };
}
