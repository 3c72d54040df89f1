// The churn domain's declared sources: the contract book as a run reads it (training and scoring
// features, survival records: the bare read a churn run starts from; bench/churn-db.ts measures a
// run against it), the features of the contracts running at an instant (the uplift model's
// members), and each customer's stored risk (campaign segments filter on it).
import { type SQL, sql } from 'drizzle-orm';

export { bookFacts } from './churn.book.repository.ts';
export { featureRows } from './churn.facts.repository.ts';

/** The latest churn risk per customer: `customer_id, risk, expected_loss_minor`. */
export const churnRiskFacts = (workspaceId: string): SQL =>
  sql`select customer_id, risk, expected_loss_minor from churn_risk where workspace_id = ${workspaceId}`;

/** A customer's stored churn risk (0–1) as a scalar SQL expression over the caller's customer id; null without one. */
export const churnRiskOf = (workspaceId: string, customerId: SQL): SQL =>
  sql`(select r.risk from churn_risk r where r.workspace_id = ${workspaceId} and r.customer_id = ${customerId})`;
