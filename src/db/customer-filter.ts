// A condition on a customer id that a caller hands to another domain's set-based query (the KPI
// filters: tier, saved segment, account manager). The query embeds it over its own customer-id
// column; without one, nothing is filtered.
import { type SQL, sql } from 'drizzle-orm';

export type CustomerFilter = (customerId: SQL) => SQL;

/** `and <condition>` over the query's customer-id column, or nothing. */
export const andCustomer = (filter: CustomerFilter | undefined, customerId: SQL): SQL =>
  filter ? sql`and ${filter(customerId)}` : sql``;
