// The notifications domain's public surface.
export * from './notifications.dto.ts';
export type { ChannelSender, OutgoingMessage, SendResult, Senders } from './notifications.channel.ts';
export { PermanentSendError } from './notifications.channel.ts';
export {
  channelOrder,
  enqueueNotification,
  enqueueNotifications,
  type EnqueueInput,
  type EnqueueManyInput,
  enqueueStaffNotification,
  type EnqueueStaffInput,
  queuedDedupeKeys,
} from './notifications.enqueue.ts';
export { notificationsRoutes } from './notifications.routes.ts';
export { messageChannels, type MessageChannel } from './notifications.schema.ts';
export { sendDueNotifications, type SendCtx } from './notifications.send.ts';
export { createSenders, notConfiguredSender } from './notifications.senders.ts';
export { createWebhookSender, type WebhookMessage } from './notifications.webhook-sender.ts';
export { complaintLinks, enqueueFromEvents, eventMessageRules } from './notifications.subscriber.ts';
export {
  createPlainTextI18n,
  isMessageLocale,
  type MessageLocale,
  messageLocales,
  renderMessage,
  templateResources,
} from './notifications.templates.ts';
export { notificationTimelineSource } from './notifications.timeline.ts';
export { reassignCustomer } from './notifications.merge.ts';
export { notificationDataSections, notificationEraser } from './notifications.privacy.ts';
