// Property test of the ledger against the database: random sequences of earn / compensate /
// redeem / adjust / reverse / expire and retries of earlier keys, posted through the real ledger
// (locks, idempotency keys, bulk writes, the expiry job). After every step the stored state equals
// the pure model's, a retry changes nothing, and `checkLedger` finds no violation.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { AppError } from '../../errors.ts';
import { checkLedger } from './loyalty.check.ts';
import { runExpiry } from './loyalty.expiry.ts';
import { type LedgerRequest, postLedger } from './loyalty.ledger.ts';
import { ledgerOps } from './loyalty.ops.ts';
import {
  applyPostings,
  fifo,
  InsufficientPoints,
  isSpendable,
  isUnexpired,
  type MemberState,
  type Posting,
} from './loyalty.postings.ts';
import { nextUuid } from './loyalty.queue.sources.ts';
import { findAccount } from './loyalty.accounts.repository.ts';
import { reversalHistory } from './loyalty.ledger.repository.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-01-01T00:00:00Z'));
  ws = await t.workspace('Ledger properties');
  await t.request('PUT', '/api/v1/loyalty/program', {
    token: ws.ownerToken,
    body: { name: 'Props', pointsPerUnit: '1' },
  });
});
afterAll(() => t.close());

async function dbLots(customerId: string) {
  const r = await t.deps.database.executeSql(
    'select entry_id, points, remaining from loyalty_lots where workspace_id = $1 and customer_id = $2 order by earned_at, entry_id',
    [ws.id, customerId],
  );
  return r.rows.map((x) => ({ id: x.entry_id as string, points: Number(x.points), remaining: Number(x.remaining) }));
}

test('property: the stored ledger follows the model, retries are no-ops, and the check passes', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(ledgerOps(18), async (ops) => {
      run++;
      const customerId = (
        await t.request('POST', '/api/v1/customers', { token: ws.ownerToken, body: { name: `Prop ${run}` } })
      ).body.id as string;
      const model: MemberState = { customerId, balance: 0, debt: 0, lots: [], unpaid: [] };
      const credits: { model: string; db: string }[] = [];
      const posted: LedgerRequest[] = [];
      let seq = 0;
      const mid = () => `m${String(++seq).padStart(5, '0')}`;
      const post = async (req: LedgerRequest) => t.deps.db.transaction((tx) => postLedger(tx, t.deps, ws.id, [req]));
      const key = () => `prop:${run}:${seq}:${Math.random().toString(36).slice(2)}`;

      for (const op of ops) {
        const now = t.clock.now();
        if (op.t === 'earn' || op.t === 'compensate' || (op.t === 'adjust' && op.points > 0)) {
          const points = op.points;
          const availableAt = new Date(now.getTime() + (op.t === 'earn' ? op.pendingDays : 0) * DAY);
          const expiresAt = op.t === 'earn' && op.expiryDays ? new Date(now.getTime() + op.expiryDays * DAY) : null;
          const req: LedgerRequest = {
            customerId,
            kind: op.t === 'compensate' ? 'compensation' : op.t,
            key: key(),
            occurredAt: now,
            spec: { op: 'credit', points, availableAt, expiresAt },
          };
          const [r] = await post(req);
          posted.push(req);
          const m = mid();
          applyPostings(model, [{ op: 'credit', entryId: m, points, earnedAt: now, availableAt, expiresAt }], now);
          credits.push({ model: m, db: r.entry?.id as string });
        } else if (op.t === 'redeem' || op.t === 'adjust') {
          const amount = Math.abs(op.points);
          const from = op.t === 'redeem' ? 'spendable' : 'unexpired';
          const req: LedgerRequest = {
            customerId,
            kind: op.t,
            key: key(),
            occurredAt: now,
            spec: { op: 'debit', points: amount, from, overdraft: 'reject' },
          };
          const trial: MemberState = structuredClone(model);
          let refused = false;
          try {
            applyPostings(trial, [{ op: 'debit', entryId: mid(), points: amount, from, overdraft: 'reject' }], now);
          } catch (err) {
            expect(err).toBeInstanceOf(InsufficientPoints);
            refused = true;
          }
          if (refused) {
            const before = await dbLots(customerId);
            await expect(post(req)).rejects.toSatisfy(
              (e: unknown) => e instanceof AppError && e.code === 'insufficient_points',
            );
            expect(await dbLots(customerId)).toEqual(before);
          } else {
            await post(req);
            posted.push(req);
            Object.assign(model, trial);
          }
        } else if (op.t === 'reverse' && credits.length) {
          const lot = credits[op.which % credits.length];
          const history = (await reversalHistory(t.deps.db, ws.id, [lot.db])).get(lot.db);
          const clawable = Math.max(0, (history?.spentOnRewards ?? 0) - (history?.clawedBack ?? 0));
          const req: LedgerRequest = {
            customerId,
            kind: 'reversal',
            key: key(),
            occurredAt: now,
            reversesEntryId: lot.db,
            spec: {
              op: 'reverse',
              lotEntryId: lot.db,
              points: op.points,
              clawback: op.claw ? { key: `${key()}:claw`, clawable } : null,
            },
          };
          await post(req);
          posted.push(req);
          const posting: Posting = {
            op: 'reverse',
            entryId: mid(),
            lotEntryId: lot.model,
            points: op.points,
            clawback: op.claw ? { entryId: mid(), clawable } : null,
          };
          applyPostings(model, [posting], now);
        } else if (op.t === 'advance') {
          t.clock.advance(op.days * DAY);
          const later = t.clock.now();
          await runExpiry(t.deps, ws.id);
          for (const l of [...model.lots].sort(fifo))
            if (l.expiresAt && l.expiresAt <= later && l.remaining > 0)
              applyPostings(model, [{ op: 'expire', entryId: mid(), lotEntryId: l.entryId }], later);
        } else if (op.t === 'retry' && posted.length) {
          const before = { lots: await dbLots(customerId), account: await findAccount(t.deps.db, ws.id, customerId) };
          const [again] = await post(posted[op.which % posted.length]);
          expect(again.status).toBe('existing');
          expect({ lots: await dbLots(customerId), account: await findAccount(t.deps.db, ws.id, customerId) }).toEqual(
            before,
          );
        }

        const account = await findAccount(t.deps.db, ws.id, customerId);
        expect(account?.balance ?? 0).toBe(model.balance);
        expect(account?.debt ?? 0).toBe(model.debt);
        const stored = await dbLots(customerId);
        expect(stored.map((l) => l.remaining)).toEqual([...model.lots].sort(fifo).map((l) => l.remaining));
        const nowAfter = t.clock.now();
        expect(
          model.lots.filter((l) => isSpendable(l, nowAfter)).reduce((s, l) => s + l.remaining, 0),
        ).toBeGreaterThanOrEqual(0);
        if (model.debt > 0)
          expect(model.lots.filter((l) => isUnexpired(l, nowAfter)).every((l) => l.remaining === 0)).toBe(true);
      }
      const check = await checkLedger(t.deps, ws.id);
      expect(check.violations).toEqual([]);
    }),
    { numRuns: 25 },
  );
  const sums = await t.deps.database.executeSql(
    'select (select coalesce(sum(points), 0) from loyalty_entries where workspace_id = $1)::int as entries, (select coalesce(sum(balance), 0) from loyalty_accounts where workspace_id = $1)::int as balances',
    [ws.id],
  );
  expect(sums.rows[0].entries).toBe(sums.rows[0].balances);
});

test('the check names the members whose ledger does not balance', async () => {
  const customerId = (
    await t.request('POST', '/api/v1/customers', { token: ws.ownerToken, body: { name: 'Tampered' } })
  ).body.id as string;
  await t.deps.db.transaction((tx) =>
    postLedger(tx, t.deps, ws.id, [
      {
        customerId,
        kind: 'compensation',
        key: 'tamper-1',
        occurredAt: t.clock.now(),
        spec: { op: 'credit', points: 40, availableAt: t.clock.now(), expiresAt: null },
      },
    ]),
  );
  expect((await checkLedger(t.deps, ws.id)).ok).toBe(true);
  await t.deps.database.executeSql(
    'update loyalty_accounts set balance = balance + 5 where workspace_id = $1 and customer_id = $2',
    [ws.id, customerId],
  );
  await t.deps.database.executeSql(
    'update loyalty_lots set remaining = remaining - 1 where workspace_id = $1 and customer_id = $2',
    [ws.id, customerId],
  );
  const check = await checkLedger(t.deps, ws.id);
  expect(check.ok).toBe(false);
  expect(check.violations.map((v) => v.customerId)).toEqual([customerId]);
  expect(check.violations[0].problems.join('\n')).toMatch(
    /balance 45 ≠ sum of entries 40[\s\S]*39 left ≠ 40 earned − 0 allocated/,
  );
  const viaApi = await t.request('GET', '/api/v1/loyalty/check', { token: ws.ownerToken });
  expect(viaApi.body.violations[0].customerId).toBe(customerId);
  // repair, so later tests in this file see a clean ledger
  await t.deps.database.executeSql(
    'update loyalty_accounts set balance = balance - 5 where workspace_id = $1 and customer_id = $2',
    [ws.id, customerId],
  );
  await t.deps.database.executeSql(
    'update loyalty_lots set remaining = remaining + 1 where workspace_id = $1 and customer_id = $2',
    [ws.id, customerId],
  );
  expect((await checkLedger(t.deps, ws.id)).ok).toBe(true);
});

test('a queue range continues right after the last id it covered', () => {
  expect(nextUuid('01a2082d-df85-7177-8c25-103b9c5febcc')).toBe('01a2082d-df85-7177-8c25-103b9c5febcd');
  expect(nextUuid('01a2082d-df85-7177-8c25-ffffffffffff')).toBe('01a2082d-df85-7177-8c26-000000000000');
});
