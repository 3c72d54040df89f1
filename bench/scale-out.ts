// Scale-out on one PostgreSQL (test/support/scale-out.ts at full size): three API processes and
// two workers, one worker SIGKILLed mid-earning, against one API and one worker (nothing killed)
// in the same run. Prints HTTP throughput and p50/p99 per request kind, jobs/s, the time to drain
// the jobs, and the exactly-once checks. Options: --customers N (2000), --purchases P (5),
// --complaints C (200), --reads R (4000), --concurrency K (24).
import os from 'node:os';
import { runScaleOut, type ScaleOutResult } from '../test/support/scale-out.ts';
import { arg } from './args.ts';

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits });

export async function main(args: string[]) {
  process.env.TENURE_TEST_DRIVER = 'pg';
  process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const size = {
    customers: arg(args, 'customers', 2000),
    transactionsPerCustomer: arg(args, 'purchases', 5),
    complaints: arg(args, 'complaints', 200),
    reads: arg(args, 'reads', 4000),
  };
  const concurrency = arg(args, 'concurrency', 24);
  const load = os.loadavg()[0];
  const progress = (line: string) => console.error(line);
  const results: [string, ScaleOutResult][] = [
    ['1 API + 1 worker', await runScaleOut({ apis: 1, workers: 1, kill: false, size, concurrency, progress })],
    [
      '3 APIs + 2 workers, one killed mid-job',
      await runScaleOut({ apis: 3, workers: 2, kill: true, size, concurrency, progress }),
    ],
  ];
  console.log(
    `\n### Scale-out on one PostgreSQL: ${fmt(size.customers)} customers, ${fmt(size.customers * size.transactionsPerCustomer)} purchases, ${fmt(size.complaints)} complaints, ${fmt(2 * size.reads)} reads, ${concurrency} client connections\n`,
  );
  console.log('| processes | request kind | requests | per second | p50 | p99 |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const [label, r] of results) {
    for (const k of r.http)
      console.log(
        `| ${label} | ${k.kind} | ${fmt(k.count)} | ${fmt(k.perSecond)} | ${fmt(k.p50, 1)} ms | ${fmt(k.p99, 1)} ms |`,
      );
    console.log(
      `| ${label} | **all** | ${fmt(r.httpTotal.count)} | **${fmt(r.httpTotal.perSecond)}** | | **${fmt(r.httpTotal.p99, 1)} ms** |`,
    );
  }
  console.log('\n| processes | jobs/s | drain after the last request | killed | exactly-once checks |');
  console.log('|---|---:|---:|---|---|');
  for (const [label, r] of results) {
    const c = r.checks;
    const ok =
      c.transactionsWithoutOneEntry === 0 &&
      c.ledgerViolations === 0 &&
      c.notificationsMailedTwice === 0 &&
      c.mails === c.notificationsSent &&
      c.webhookEventsDeliveredTwice === 0 &&
      c.webhookEventIdsReceived === c.complaintEvents;
    console.log(
      `| ${label} | ${fmt(r.jobsPerSecond, 1)} | ${fmt(r.drainSeconds, 1)} s | ${r.killedMidJob ?? '—'} | ${ok ? 'pass' : `FAIL ${JSON.stringify(c)}`} |`,
    );
  }
  const [one, many] = results.map(([, r]) => r);
  console.log(
    `\nHTTP throughput ${fmt(many.httpTotal.perSecond / one.httpTotal.perSecond, 2)}× with three APIs; ${os.cpus().length} cores, 1-minute load ${load.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end.`,
  );
}
