// Every table of every domain, for Drizzle's typed queries and drizzle-kit's migrations.
export * from '../modules/audit/audit.schema.ts';
export * from '../modules/auth/auth.schema.ts';
export * from '../modules/users/users.schema.ts';
export * from '../modules/workspaces/workspaces.schema.ts';
export * from '../modules/commerce/commerce.schema.ts';
export * from '../modules/contracts/contracts.schema.ts';
export * from '../modules/customers/customers.schema.ts';
export * from '../modules/imports/imports.schema.ts';
export * from '../modules/interactions/interactions.schema.ts';
