// Concurrency: several SLA sweeps at once (on PostgreSQL each on its own connection) warn,
// breach and escalate every complaint exactly once; concurrent registrations never share a
// reference. On PGlite the sweeps serialise, which must give the same result. A complaint that
// cannot be moved does not stop the sweep for the others.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { failWrites } from '../../../test/support/faults.ts';
import { complaintsSlaSweep } from '../../jobs/definitions.ts';
import { silentLogger } from '../../logger.ts';
import { sweepSla } from './index.ts';
import { type ComplaintsWorkspace, complaintsWorkspace } from './complaints.test-helpers.ts';

let t: TestApp;
let w: ComplaintsWorkspace;
let other: ComplaintsWorkspace;
const N = 24;
const start = new Date('2026-05-04T08:00:00Z');
const ids: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(start);
  w = await complaintsWorkspace(t, 'Sweep A');
  other = await complaintsWorkspace(t, 'Sweep B');
  for (let i = 0; i < N; i++) {
    const x = i % 3 === 0 ? other : w;
    const c = await x.register(`sweep-${i}@example.com`);
    await x.validate(c.id, i % 2 ? 'critical' : 'high');
    ids.push(c.id);
  }
});
afterAll(() => t.close());

async function countsByComplaint(type: string) {
  const all = [...(await w.events(type)), ...(await other.events(type))];
  const counts = new Map<string, number>();
  for (const e of all) counts.set(e.payload.complaintId, (counts.get(e.payload.complaintId) ?? 0) + 1);
  return counts;
}

describe('concurrent SLA sweeps', () => {
  test('four sweeps at once warn every complaint at risk exactly once', async () => {
    t.clock.set(new Date(start.getTime() + 40 * 3_600_000)); // past 75 % of 48 h, before any deadline… except critical (24 h)
    const results = await Promise.all(Array.from({ length: 4 }, () => sweepSla(t.deps, { batch: 3, maxBatches: 20 })));
    const breached = results.reduce((n, r) => n + r.breached, 0);
    const atRisk = results.reduce((n, r) => n + r.atRisk, 0);
    expect(breached).toBe(N / 2); // the critical ones (24 h) are past their deadline
    expect(atRisk).toBe(N / 2); // the high ones (48 h) are past 36 h
    const warned = await countsByComplaint('complaint.at_risk');
    expect([...warned.values()].every((n) => n === 1)).toBe(true);
    expect(warned.size).toBe(N / 2);
    const breaches = await countsByComplaint('complaint.breached');
    const escalations = await countsByComplaint('complaint.escalated');
    expect(breaches.size).toBe(N / 2);
    expect([...breaches.values(), ...escalations.values()].every((n) => n === 1)).toBe(true);
    expect([...escalations.keys()].sort()).toEqual([...breaches.keys()].sort());
  });

  test('at the deadlines, four sweeps at once breach and escalate each complaint once, to its team manager', async () => {
    t.clock.set(new Date(start.getTime() + 49 * 3_600_000));
    const results = await Promise.all(Array.from({ length: 4 }, () => sweepSla(t.deps, { batch: 2, maxBatches: 50 })));
    expect(results.reduce((n, r) => n + r.breached, 0)).toBe(N / 2);
    expect(results.reduce((n, r) => n + r.escalated, 0)).toBe(N / 2);
    const breaches = await countsByComplaint('complaint.breached');
    const escalations = await countsByComplaint('complaint.escalated');
    expect(breaches.size).toBe(N);
    expect(escalations.size).toBe(N);
    expect([...breaches.values(), ...escalations.values()].every((n) => n === 1)).toBe(true);
    for (const [x, list] of [
      [w, await w.ok('GET', '/complaints?limit=200')],
      [other, await other.ok('GET', '/complaints?limit=200')],
    ] as const) {
      for (const c of list.items) {
        expect(c.slaState).toBe('breached');
        expect(c.assigneeId).toBe(x.manager.id);
      }
    }
    // Nothing is left to do: a further run changes nothing and says nothing.
    const again = await Promise.all([sweepSla(t.deps), sweepSla(t.deps)]);
    expect(again).toEqual([
      { atRisk: 0, breached: 0, escalated: 0 },
      { atRisk: 0, breached: 0, escalated: 0 },
    ]);
  });

  test('the scheduled job runs the same sweep', async () => {
    const c = await w.register('job@example.com');
    await w.validate(c.id, 'critical');
    t.clock.advance(25 * 3_600_000);
    await complaintsSlaSweep.handler(
      {},
      { ...t.deps, log: silentLogger, jobId: 'test', signal: new AbortController().signal },
    );
    expect((await w.ok('GET', `/complaints/${c.id}`)).slaState).toBe('breached');
    expect(complaintsSlaSweep.cron).toBe('*/5 * * * *');
  });
});

describe('concurrent registrations', () => {
  test('never share a reference and spread over the team', async () => {
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) => w.register(`burst-${i}@example.com`)));
    const refs = made.map((c) => c.reference);
    expect(new Set(refs).size).toBe(12);
    expect(made.every((c) => c.assigneeId)).toBe(true);
    const numbers = refs.map((r) => Number(r.slice(-6))).sort((a, b) => a - b);
    expect(numbers.at(-1)! - numbers[0]).toBe(11);
  });
});

test('a complaint that cannot be breached does not stop the sweep: the others move, it is retried next sweep', async () => {
  const made = [];
  for (const x of [w, w, other, w]) {
    const c = await x.register(`stuck-${made.length}@example.com`);
    await x.validate(c.id, 'critical');
    made.push({ x, id: c.id });
  }
  const [bad, ...good] = made;
  const heal = await failWrites(t, 'complaints', 'UPDATE', `new.id = '${bad.id}' and new.sla_state = 'breached'`);
  t.clock.advance(25 * 3_600_000);
  const run = () =>
    complaintsSlaSweep.handler(
      {},
      { ...t.deps, log: silentLogger, jobId: 'test', signal: new AbortController().signal },
    );
  try {
    await run();
    for (const c of good) expect((await c.x.ok('GET', `/complaints/${c.id}`)).slaState).toBe('breached');
    expect((await bad.x.ok('GET', `/complaints/${bad.id}`)).slaState).not.toBe('breached');
    expect(await sweepSla(t.deps, { batch: 2 })).toEqual({ atRisk: 0, breached: 0, escalated: 0 });
  } finally {
    await heal();
  }
  expect(await sweepSla(t.deps)).toMatchObject({ breached: 1, escalated: 1 });
  expect((await bad.x.ok('GET', `/complaints/${bad.id}`)).slaState).toBe('breached');
});
