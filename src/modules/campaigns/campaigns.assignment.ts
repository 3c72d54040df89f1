// Owns who gets what in a campaign, as pure functions of seeds and customer ids: the global
// holdout (a persistent share of the workspace kept out of every campaign) and the split of a
// frozen segment into arms. A customer's place is a hash of the seed and its id, a number in
// [0, 1), so the same seed and members always give the same assignment, and two campaigns' seeds
// are independent. Stratified by tier, each tier is split by its members' hash order in exact
// proportion to the planned shares (largest part first), so every tier carries the plan.
// The launch runs the same rules in SQL (`unitHashSql`, `armSql`, `stratumPointSql`), set-based,
// giving bit for bit the same numbers on PostgreSQL and PGlite: the JS functions are the
// specification the SQL is tested against.
//
// Two hash schemes, stored with each seed (a seed keeps the scheme it was drawn under, so a
// holdout stays the same customers and a launched campaign can be recomputed):
// - `lookup3` (seeds drawn since migration 0044): PostgreSQL's own `uuid_hash_extended(id, seed)`
//   (Jenkins' lookup3 over the id's 16 bytes, `src/lib/pg-hash.ts` in JS), the seed text turned
//   into its 64-bit seed by SHA-256 once per launch. One C call per customer: at 1M customers the
//   two hashes of a launch (holdout and arm) cost about a tenth of the SHA-256 ones.
// - `sha256` (seeds drawn before): SHA-256 of "<seed>:<customer id>" as text.
import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { uuidHashExtended } from '../../lib/pg-hash.ts';

export type ArmPlan = { key: string; share: number };
export type Member = { customerId: string; tier: string | null };
export type Assignment = { customerId: string; arm: string };
export const hashSchemes = ['lookup3', 'sha256'] as const;
export type HashScheme = (typeof hashSchemes)[number];
/** The scheme of seeds drawn now. */
export const currentHashScheme: HashScheme = 'lookup3';

const TWO_52 = 2 ** 52;

/** A seed text's 64-bit hash seed: the first 8 bytes of its SHA-256, as two 32-bit halves (the last one kept). */
let lastSeed: { text: string; high: number; low: number } | undefined;
function seedWords(seed: string | number) {
  const text = String(seed);
  if (lastSeed?.text !== text) {
    const digest = createHash('sha256').update(text).digest();
    lastSeed = { text, high: digest.readUInt32BE(0), low: digest.readUInt32BE(4) };
  }
  return lastSeed;
}

/** `seedWords` as the signed decimal text of an int8 (how PostgreSQL takes it). */
const seedInt8 = (seed: string | number) => {
  const { high, low } = seedWords(seed);
  return BigInt.asIntN(64, (BigInt(high) << 32n) | BigInt(low)).toString();
};

/** A uniform number in [0, 1) from the top 52 bits of a 64-bit hash of seed and id (customer ids are uuids). */
export function unitHash(seed: string | number, customerId: string, scheme: HashScheme = currentHashScheme): number {
  if (scheme === 'lookup3') {
    const { high, low } = seedWords(seed);
    const h = uuidHashExtended(customerId, high, low);
    return (h.high * 2 ** 20 + (h.low >>> 12)) / TWO_52;
  }
  const digest = createHash('sha256').update(`${seed}:${customerId}`).digest();
  return (digest.readUInt32BE(0) * 2 ** 20 + (digest.readUInt32BE(4) >>> 12)) / TWO_52;
}

/**
 * `unitHash(seed, id)` in SQL over a uuid `id`: the top 52 bits of the 64-bit hash over 2^52 —
 * both sides are exact in float8, so the value equals the JS one.
 */
export function unitHashSql(seed: string, id: SQL, scheme: HashScheme = currentHashScheme): SQL {
  if (scheme === 'lookup3')
    return sql`(((uuid_hash_extended(${id}, ${seedInt8(seed)}::int8) >> 12) & 4503599627370495)::float8 / 4503599627370496::float8)`;
  return sql`(('x' || left(encode(sha256(convert_to(${seed}::text || ':' || ${id}::text, 'UTF8')), 'hex'), 13))::bit(52)::bigint::float8 / 4503599627370496::float8)`;
}

/** The global holdout's seed as `unitHash` sees it (kept apart from campaign seeds). */
export const holdoutSeed = (seed: string | number) => `holdout:${seed}`;

/** Whether the customer is in the workspace's global holdout of `share` (0–1) under `seed`. */
export const inGlobalHoldout = (
  seed: string | number,
  share: number,
  customerId: string,
  scheme: HashScheme = currentHashScheme,
) => share > 0 && unitHash(holdoutSeed(seed), customerId, scheme) < share;

/** The upper edges of the arms' slices of [0, 1), by cumulative share (the last one may round below 1). */
function armEdges(arms: readonly ArmPlan[]): number[] {
  const total = arms.reduce((s, a) => s + a.share, 0);
  let edge = 0;
  return arms.map((arm) => (edge += arm.share / total));
}

/** The arm whose slice of [0, 1), by cumulative share, holds u. */
function armAt(arms: readonly ArmPlan[], edges: readonly number[], u: number): string {
  const i = edges.findIndex((edge) => u < edge);
  return arms[i < 0 ? arms.length - 1 : i].key;
}

/** `armAt` in SQL over the number `u` (the same float8 edges, sent as exact decimal text). */
export function armSql(arms: readonly ArmPlan[], u: SQL): SQL {
  if (arms.length < 2) throw new RangeError('a campaign needs at least two arms');
  const edges = armEdges(arms);
  const whens = arms.slice(0, -1).map((a, i) => sql`when ${u} < ${String(edges[i])}::float8 then ${a.key}::text`);
  return sql`case ${sql.join(whens, sql` `)} else ${arms[arms.length - 1].key}::text end`;
}

/**
 * The stratified point of a member in SQL: the midpoint of its rank in its tier's hash order,
 * `(i + 0.5) / n` — tiers as `assignArms` groups them (no tier and '' together), ties by id.
 */
export const stratumPointSql = (u: SQL, tier: SQL, id: SQL): SQL =>
  sql`((row_number() over (partition by coalesce(${tier}, '') order by ${u}, ${id}) - 0.5)::float8 / (count(*) over (partition by coalesce(${tier}, '')))::float8)`;

/**
 * Arms for the members: each by its own hash, or (stratified) by its rank in its tier's hash
 * order, the rank's midpoint placed on the cumulative shares — exact proportions in every tier.
 */
export function assignArms(
  seed: string | number,
  arms: readonly ArmPlan[],
  members: readonly Member[],
  options: { stratifyByTier?: boolean; scheme?: HashScheme } = {},
): Assignment[] {
  if (arms.length < 2) throw new RangeError('a campaign needs at least two arms');
  const edges = armEdges(arms);
  const keyed = members.map((m) => ({ ...m, u: unitHash(seed, m.customerId, options.scheme) }));
  if (!options.stratifyByTier) return keyed.map((m) => ({ customerId: m.customerId, arm: armAt(arms, edges, m.u) }));
  const strata = new Map<string, typeof keyed>();
  for (const m of keyed) {
    const key = m.tier ?? '';
    const list = strata.get(key);
    if (list) list.push(m);
    else strata.set(key, [m]);
  }
  const out: Assignment[] = [];
  for (const list of strata.values()) {
    list.sort((a, b) => a.u - b.u || (a.customerId < b.customerId ? -1 : 1));
    list.forEach((m, i) => out.push({ customerId: m.customerId, arm: armAt(arms, edges, (i + 0.5) / list.length) }));
  }
  return out;
}

/** Members per arm, in the plan's order. */
export function armCounts(arms: readonly ArmPlan[], assignments: readonly { arm: string }[]): number[] {
  const index = new Map(arms.map((a, i) => [a.key, i]));
  const counts = arms.map(() => 0);
  for (const a of assignments) counts[index.get(a.arm)!]++;
  return counts;
}
