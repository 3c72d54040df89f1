// Owns the channel senders: one small interface, one implementation per channel. A channel
// without a provider gets the "not configured" sender, which skips messages with that reason
// and never pretends they were sent.
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { ChannelSender, Senders } from './notifications.channel.ts';
import { createEmailSender } from './notifications.email.ts';
import type { MessageChannel } from './notifications.schema.ts';
import { createWebhookSender } from './notifications.webhook-sender.ts';

export function notConfiguredSender(channel: MessageChannel, log: Logger): ChannelSender {
  return {
    channel,
    configured: false,
    send: async (message) => {
      log.info({ notificationId: message.id, channel }, 'message skipped: no provider configured for the channel');
      return { status: 'skipped', reason: `${channel}_not_configured` };
    },
  };
}

/**
 * The senders this process has, from its configuration: email over SMTP when SMTP_HOST is set, SMS
 * and WhatsApp through a provider's webhook when SMS_WEBHOOK_URL / WHATSAPP_WEBHOOK_URL are.
 */
export function createSenders(
  config: Pick<Config, 'smtp'> & Partial<Pick<Config, 'messageWebhooks' | 'webhooks'>>,
  log: Logger,
): Senders {
  const viaWebhook = (channel: 'sms' | 'whatsapp') => {
    const hook = config.messageWebhooks?.[channel];
    return hook
      ? createWebhookSender(channel, { ...hook, timeoutMs: config.webhooks?.timeoutMs })
      : notConfiguredSender(channel, log);
  };
  return {
    email: config.smtp ? createEmailSender(config.smtp) : notConfiguredSender('email', log),
    sms: viaWebhook('sms'),
    whatsapp: viaWebhook('whatsapp'),
  };
}
