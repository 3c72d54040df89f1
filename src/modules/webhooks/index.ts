// The webhooks domain's public surface.
export * from './webhooks.dto.ts';
export { deliverDueWebhooks, type DeliverCtx, webhookBody } from './webhooks.deliver.ts';
export { dispatchWebhookEvents, endpointWants } from './webhooks.dispatch.ts';
export { webhooksRoutes } from './webhooks.routes.ts';
export { resealWebhookSecrets } from './webhooks.sources.ts';
export { createWebhook, DELIVERY_RETENTION_DAYS, listDeliveries, purgeOldDeliveries } from './webhooks.service.ts';
export { SIGNATURE_HEADER, signatureHeader } from './webhooks.signature.ts';
export { webhookUrlProblem } from './webhooks.url.ts';
export { webhookEraser } from './webhooks.privacy.ts';
export { registerWebhookEvents } from './webhooks.openapi.ts';
