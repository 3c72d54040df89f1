// Scale-out, proven at CI size: three API processes and two workers on one PostgreSQL under mixed
// load (customer and purchase writes and reads spread over the APIs; jobs: loyalty earning, a
// scoring run, the SLA sweep, notification mails, webhooks), one worker SIGKILLed while it runs
// loyalty earning. Nothing is lost or done twice: one earn entry per purchase, balances equal
// the ledger, one mail per notification, one accepted webhook per event. The full-size figures
// come from `npm run bench -- scale-out` (docs/benchmarks.md).
import { describe, expect, test } from 'vitest';
import { testDriver } from './support/database.ts';
import { runScaleOut } from './support/scale-out.ts';

describe.skipIf(testDriver() !== 'pg')('scale-out (PostgreSQL only: separate processes share one database)', () => {
  test('3 APIs and 2 workers, one worker killed mid-job: every job done exactly once', async () => {
    const r = await runScaleOut({
      apis: 3,
      workers: 2,
      kill: true,
      progress: (line) => console.log(line),
      size: { customers: 60, transactionsPerCustomer: 4, complaints: 12, reads: 120 },
    });
    console.log(
      `scale-out: ${r.httpTotal.count} requests, ${r.httpTotal.perSecond.toFixed(0)}/s, p99 ${r.httpTotal.p99.toFixed(0)} ms; ` +
        `jobs drained in ${r.drainSeconds.toFixed(1)} s`,
    );
    expect(r.killedMidJob).toMatch(/^worker/);
    const c = r.checks;
    expect(c.transactions).toBe(240);
    expect(c.transactionsWithoutOneEntry).toBe(0);
    expect(c.earnEntries).toBe(240);
    expect(c.ledgerViolations).toBe(0);
    expect(c.scoringRun).toBe('succeeded');
    expect(c.breached).toBe(12);
    expect(c.notificationsSent).toBeGreaterThanOrEqual(36);
    expect(c.mails).toBe(c.notificationsSent);
    expect(c.notificationsMailedTwice).toBe(0);
    expect(c.webhookEventIdsReceived).toBe(c.complaintEvents);
    expect(c.webhookEventsDeliveredTwice).toBe(0);
  }, 240_000);
});
