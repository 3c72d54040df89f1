// The Done-when of issue #19 for assignment: reproducible, and balanced enough that on 100,000
// customers the sample-ratio-mismatch test passes an honest split and catches a planted imbalance.
// The launch assigns in SQL: on the test database, the SQL hash, arms, stratified ranks and holdout
// give exactly what the JS functions (the specification tested here) give, member for member.
import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { queryRows } from '../../db/client.ts';
import { sampleRatioMismatch } from '../analytics/models/experiments.ts';
import {
  armCounts,
  armSql,
  assignArms,
  holdoutSeed,
  inGlobalHoldout,
  stratumPointSql,
  unitHash,
  unitHashSql,
  type Member,
} from './campaigns.assignment.ts';

const ids = (n: number, prefix = 'c') =>
  Array.from({ length: n }, (_, i) => `${prefix}-${i.toString(16).padStart(8, '0')}`);
const tiers = ['platinum', 'gold', 'iron', 'lead'];
const members: Member[] = ids(100_000).map((customerId, i) => ({ customerId, tier: tiers[(i * 7919) % 4] }));
const plan = [
  { key: 'control', share: 10 },
  { key: 'offer', share: 45 },
  { key: 'reminder', share: 45 },
];
const shares = plan.map((a) => a.share);

describe('assignment', () => {
  test('reproducible: same seed, same arms; another seed, another split', () => {
    const a = assignArms('seed-1', plan, members.slice(0, 5000));
    const b = assignArms('seed-1', plan, [...members.slice(0, 5000)].reverse());
    const byId = new Map(b.map((x) => [x.customerId, x.arm]));
    expect(a.every((x) => byId.get(x.customerId) === x.arm)).toBe(true);
    const c = assignArms('seed-2', plan, members.slice(0, 5000));
    const moved = c.filter((x, i) => x.arm !== a[i].arm).length;
    expect(moved).toBeGreaterThan(2000);
    expect(unitHash('s', 'x')).toBe(unitHash('s', 'x'));
  });

  test('100k customers: the SRM test passes an honest split and catches a planted imbalance', () => {
    for (const seed of ['campaign-a', 'campaign-b', 'campaign-c']) {
      const honest = sampleRatioMismatch(armCounts(plan, assignArms(seed, plan, members)), shares);
      expect(honest.mismatch, `seed ${seed}: p ${honest.p}`).toBe(false);
    }
    // Planted: a batch of the offer arm lost (2 % of it), as when a send job drops members.
    const assigned = assignArms('campaign-a', plan, members);
    let dropped = 0;
    const lossy = assigned.filter((a) => !(a.arm === 'offer' && dropped++ % 50 === 0));
    const planted = sampleRatioMismatch(armCounts(plan, lossy), shares);
    expect(planted.mismatch).toBe(true);
    expect(planted.p).toBeLessThan(1e-4);
  });

  test('stratified by tier: every tier carries the planned split exactly (to one member)', () => {
    const assigned = assignArms('strat', plan, members, { stratifyByTier: true });
    const tierOf = new Map(members.map((m) => [m.customerId, m.tier]));
    for (const tier of tiers) {
      const inTier = assigned.filter((a) => tierOf.get(a.customerId) === tier);
      const counts = armCounts(plan, inTier);
      counts.forEach((n, i) => expect(Math.abs(n - (inTier.length * shares[i]) / 100)).toBeLessThanOrEqual(1));
    }
    expect(sampleRatioMismatch(armCounts(plan, assigned), shares).p).toBeGreaterThan(0.99);
  });

  test('the global holdout is a stable share, independent of campaign arms', () => {
    const held = members.filter((m) => inGlobalHoldout('ws', 0.05, m.customerId));
    expect(Math.abs(held.length / members.length - 0.05)).toBeLessThan(0.003);
    expect(members.filter((m) => inGlobalHoldout('ws', 0.05, m.customerId)).length).toBe(held.length);
    expect(members.some((m) => inGlobalHoldout('ws', 0, m.customerId))).toBe(false);
    const arms = armCounts(plan, assignArms('campaign-a', plan, held));
    expect(sampleRatioMismatch(arms, shares).mismatch).toBe(false);
  });
});

describe('assignment in SQL (the launch) matches the JS specification', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase();
  }, 60_000);
  afterAll(() => tdb.drop());

  // Real uuids (customer ids), tiers with both "no tier" spellings, which assignArms groups together.
  const uuids: Member[] = Array.from({ length: 6000 }, (_, i) => ({
    customerId: randomUUID(),
    tier: [...tiers, null, ''][i % 6],
  }));
  const literal = (values: (string | null)[]) =>
    `{${values.map((v) => (v === null ? 'NULL' : JSON.stringify(v))).join(',')}}`;
  const keyed = (seed: string) =>
    sql`select id::text id, tier, ${unitHashSql(seed, sql`id`)} u
        from unnest(${literal(uuids.map((m) => m.customerId))}::uuid[], ${literal(uuids.map((m) => m.tier))}::text[]) m(id, tier)`;
  const arms = async (query: SQL) => {
    const rows = await queryRows<{ id: string; arm: string }>(tdb.database.db, query);
    return new Map(rows.map((r) => [r.id, r.arm]));
  };
  const expected = (stratifyByTier: boolean) =>
    new Map(assignArms('sql-seed', plan, uuids, { stratifyByTier }).map((a) => [a.customerId, a.arm]));

  test('the hash is the same number, bit for bit', async () => {
    const rows = await queryRows<{ id: string; u: number }>(tdb.database.db, keyed('sql-seed'));
    expect(rows).toHaveLength(uuids.length);
    for (const r of rows) expect(Number(r.u)).toBe(unitHash('sql-seed', r.id));
  });

  test('plain and stratified arms, and the global holdout, are the same members', async () => {
    const plain = await arms(sql`select id, ${armSql(plan, sql`u`)} arm from (${keyed('sql-seed')}) k`);
    expect(plain).toEqual(expected(false));
    const point = stratumPointSql(sql`u`, sql`tier`, sql`id::uuid`);
    const strat = await arms(
      sql`select id, ${armSql(plan, sql`p`)} arm from (select id, ${point} p from (${keyed('sql-seed')}) k) x`,
    );
    expect(strat).toEqual(expected(true));
    expect(strat).not.toEqual(plain);
    const held = await queryRows<{ id: string }>(
      tdb.database.db,
      sql`select id from (${keyed(holdoutSeed('ws'))}) k where u < ${'0.05'}::float8`,
    );
    const want = uuids.filter((m) => inGlobalHoldout('ws', 0.05, m.customerId)).map((m) => m.customerId);
    expect(held.map((r) => r.id).sort()).toEqual(want.sort());
    expect(want.length).toBeGreaterThan(200);
  });
});
