// Owns the sender interface every channel implements (email, SMS, WhatsApp, …).
import type { MessageChannel } from './notifications.schema.ts';
import type { RenderedMessage } from './notifications.templates.ts';

export type OutgoingMessage = {
  id: string;
  channel: MessageChannel;
  /** Email address or E.164 phone number. */
  to: string;
  toName: string;
  /** Shown as the sender's name (the workspace). */
  fromName: string;
  content: RenderedMessage;
};

export type SendResult = { status: 'sent'; providerMessageId: string | null } | { status: 'skipped'; reason: string };

/** Thrown by a sender when a message can never be delivered (e.g. the server refused the address): no retry. */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
}

export type ChannelSender = {
  channel: MessageChannel;
  /** False for the placeholder sender: channel choice prefers channels that can actually send. */
  configured: boolean;
  /** Resolves when handed over (or skipped); throws to retry later, PermanentSendError to give up. */
  send: (message: OutgoingMessage) => Promise<SendResult>;
  close?: () => void;
};

export type Senders = Record<MessageChannel, ChannelSender>;
