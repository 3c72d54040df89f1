// Owns the channel senders: one small interface, one implementation per channel. A channel
// without a provider gets the "not configured" sender, which skips messages with that reason
// and never pretends they were sent.
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { ChannelSender, Senders } from './notifications.channel.ts';
import { createEmailSender } from './notifications.email.ts';
import type { MessageChannel } from './notifications.schema.ts';

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

/** The senders this process has, from its configuration (email over SMTP when SMTP_HOST is set). */
export function createSenders(config: Pick<Config, 'smtp'>, log: Logger): Senders {
  return {
    email: config.smtp ? createEmailSender(config.smtp) : notConfiguredSender('email', log),
    sms: notConfiguredSender('sms', log),
    whatsapp: notConfiguredSender('whatsapp', log),
  };
}
