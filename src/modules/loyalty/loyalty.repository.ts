// The loyalty domain's SQL is split by subject: loyalty.{program,accounts,ledger,redemptions,reports}.repository.ts
// (and the earn queue, loyalty.queue.sources.ts; what other domains read, loyalty.sources.ts).
// This file holds what they share: the row types and the parameter and value helpers.
// Every query is scoped by workspace; lists of ids travel as one JSON or array parameter.
import { type SQL, sql } from 'drizzle-orm';
import {
  loyaltyAccounts,
  loyaltyEntries,
  loyaltyLevels,
  loyaltyPrograms,
  loyaltyPromotions,
  loyaltyRedemptions,
  loyaltyRewards,
} from './loyalty.schema.ts';

export type ProgramRow = typeof loyaltyPrograms.$inferSelect;
export type LevelRow = typeof loyaltyLevels.$inferSelect;
export type PromotionRow = typeof loyaltyPromotions.$inferSelect;
export type RewardRow = typeof loyaltyRewards.$inferSelect;
export type AccountRow = typeof loyaltyAccounts.$inferSelect;
export type EntryRow = typeof loyaltyEntries.$inferSelect;
export type EntryInsert = typeof loyaltyEntries.$inferInsert;
export type RedemptionRow = typeof loyaltyRedemptions.$inferSelect;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A uuid[] parameter; ids are checked so the literal cannot be bent. */
export function uuids(ids: string[]): SQL {
  for (const id of ids) if (!uuidPattern.test(id)) throw new Error(`not a uuid: ${id}`);
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}
/** A text[] parameter from any strings (JSON carries the quoting). */
export const texts = (values: string[]): SQL =>
  sql`array(select json_array_elements_text(${JSON.stringify(values)}::json))`;
export const num = (v: unknown): number => Number(v ?? 0);
