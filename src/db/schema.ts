// Every table of every domain, for Drizzle's typed queries and drizzle-kit's migrations.
export * from '../modules/audit/audit.schema.ts';
export * from '../modules/auth/auth.schema.ts';
export * from '../modules/users/users.schema.ts';
export * from '../modules/workspaces/workspaces.schema.ts';
export * from '../modules/commerce/commerce.schema.ts';
export * from '../modules/contracts/contracts.schema.ts';
export * from '../modules/customers/customers.schema.ts';
export * from '../modules/events/events.schema.ts';
export * from '../modules/imports/imports.schema.ts';
export * from '../modules/interactions/interactions.schema.ts';
export * from '../modules/notifications/notifications.schema.ts';
export * from '../modules/webhooks/webhooks.schema.ts';
export * from '../modules/complaints/complaints.schema.ts';
export * from '../modules/ratelimit/ratelimit.schema.ts';
export * from '../modules/saved-views/saved-views.schema.ts';
export * from '../modules/loyalty/loyalty.schema.ts';
export * from '../modules/analytics/analytics.schema.ts';
