// Campaigns benchmark on PostgreSQL, each figure beside a floor measured in the same run:
// 1. launch (freeze + assign, a 5 % global holdout; plain, then stratified by tier) of an
//    N-customer segment vs. copying those N ids into a table;
// 2. outcomes (campaignResults) for the N members vs. one bare scan of the member list;
// 3. point and task actions per second, one and two workers (set-based per batch);
// 4. message actions: executed into the outbox, then sent to a local SMTP sink by the outbox,
//    vs. the same sink fed directly by the email sender (the "limited only by the sender" check).
// Options: --customers N (1,000,000), --actions M (20,000), --messages K (2,000), --batch B (1,000);
// --actions 0 / --messages 0 leave that part out. --keep keeps the database (its name is printed);
// --database NAME reuses one kept earlier: its "Big" workspace's customers are launched again
// (new campaigns), so launch changes can be measured on the same data without rebuilding it.
import pg from 'pg';
import { type SQL, sql } from 'drizzle-orm';
import { startSmtp } from '../test/support/smtp.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { silentLogger } from '../src/logger.ts';
import {
  campaignResults,
  createCampaign,
  createSegment,
  executionProgress,
  launchCampaign,
  runExecutionBatch,
  updateCampaignSettings,
  saveActions,
  startExecution,
} from '../src/modules/campaigns/index.ts';
import { createSenders, sendDueNotifications } from '../src/modules/notifications/index.ts';
import { createWorkspaceWithOwner } from '../src/workflows/create-workspace.ts';
import type { CampaignAction } from '../src/modules/campaigns/campaigns.types.ts';
import { arg, textArg } from './args.ts';
import { saveBenchProgram } from './loyalty-program.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const secs = (t0: number) => (performance.now() - t0) / 1000;

export async function main(args: string[]) {
  const N = arg(args, 'customers', 1_000_000);
  const M = arg(args, 'actions', 20_000);
  const K = arg(args, 'messages', 2_000);
  const batch = arg(args, 'batch', 1_000);
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const reuse = textArg(args, 'database');
  const keep = args.includes('--keep') || reuse !== undefined;
  const dbName = reuse ?? `tenure_bench_campaigns_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  if (!reuse) await client.query(`create database ${dbName}`);
  const url = new URL(admin);
  url.pathname = `/${dbName}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 6 });
  const smtp = await startSmtp();
  const config = loadConfig({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), MAIL_FROM: 'bench@tenure.test' });
  const senders = createSenders(config, silentLogger);
  const rows: string[][] = [];
  try {
    await migrateDatabase(database);
    const deps: Deps = { config, database, db: database.db, log: silentLogger, now: () => new Date() };
    const workspace = async (name: string, customers: number, withMail: boolean) => {
      const { workspace: w, owner } = await createWorkspaceWithOwner(deps, {
        workspace: { name, currency: 'USD' },
        owner: { email: `bench-${name.replace(/\W/g, '')}-${Date.now()}@example.com`, password: 'bench-password-1' },
      });
      await database.executeSql(
        `insert into customers (workspace_id, id, name, email, created_at, updated_at)
         select $1::text::uuid, gen_random_uuid(), 'Member ' || g, case when $3 then 'm' || g || '@example.com' end, now(), now()
         from generate_series(1, $2::int) g`,
        [w.id, customers, withMail],
      );
      if (withMail)
        await database.executeSql(
          `insert into customer_consents (workspace_id, customer_id, channel, purpose, granted, source, changed_at)
           select workspace_id, id, 'email', 'marketing', true, 'bench', now() from customers where workspace_id = $1::text::uuid`,
          [w.id],
        );
      await database.executeSql('analyze');
      const segment = await createSegment(deps, w.id, { name: 'All', definition: { all: [] } }, null);
      return { ws: w.id, owner: owner.id, segment: segment.id };
    };
    const campaign = async (
      w: Awaited<ReturnType<typeof workspace>>,
      name: string,
      actions: CampaignAction[],
      stratifyByTier = false,
      arms = [
        { key: 'control', name: 'Control', share: 10, control: true },
        { key: 'treat', name: 'Treat', share: 90, control: false },
      ],
    ) => {
      const c = await createCampaign(
        deps,
        w.ws,
        { name, objective: 'retain', ownerId: w.owner, segmentId: w.segment, stratifyByTier, arms },
        null,
      );
      await saveActions(deps, w.ws, c.id, {
        actions,
        eligibility: { frequencyCap: null, quietHours: null, excludeOpenComplaints: false },
      });
      return c.id;
    };

    // 1–2. Launch and outcomes at full size (on a kept database: its Big workspace again).
    const big = reuse ? await keptWorkspace(deps, 'Big') : await workspace('Big', N, false);
    if (!reuse)
      await database.executeSql(
        `insert into transactions (workspace_id, id, customer_id, kind, occurred_at, currency, total_minor, gross_margin_minor)
       select workspace_id, gen_random_uuid(), id, 'purchase', now() + interval '1 day', 'USD', 1000 + (random() * 9000)::int, 300
       from customers where workspace_id = $1::text::uuid and random() < 0.3`,
        [big.ws],
      );
    // Every launch starts from an empty member list, as the first one on a fresh database did (a
    // kept database's earlier launches would otherwise grow the member indexes run after run).
    if (reuse) await database.executeSql('truncate campaign_members');
    await database.executeSql('analyze');
    let t0 = performance.now();
    await database.executeSql('drop table if exists bench_copy');
    t0 = performance.now();
    await database.executeSql(
      'create table bench_copy as select id, md5(id::text) h from customers where workspace_id = $1::text::uuid',
      [big.ws],
    );
    const copy = secs(t0);
    await updateCampaignSettings(deps, big.ws, { holdoutShare: 0.05, redraw: true });
    const bigId = await campaign(big, 'Launch', []);
    for (const stratified of [false, true]) {
      const id = stratified ? await campaign(big, 'Launch stratified', [], true) : bigId;
      t0 = performance.now();
      const launched = await launchCampaign(deps, big.ws, id);
      const launch = secs(t0);
      rows.push([
        `launch (freeze + 5 % holdout + assign${stratified ? ', stratified' : ''}), ${fmt(N)} customers (${fmt(launched.heldOut ?? 0)} held out; SRM p ${launched.sampleRatio?.p.toFixed(2)})`,
        launch.toFixed(1) + ' s',
        `copy ${fmt(N)} ids into a table: ${copy.toFixed(1)} s`,
        (launch / copy).toFixed(1),
      ]);
    }
    rows.push(...(await hashCosts(deps, big.ws, N)));
    t0 = performance.now();
    await queryRows(
      database.db,
      sql`select arm, count(*) from campaign_members where workspace_id = ${big.ws} and campaign_id = ${bigId} group by arm`,
    );
    const scan = secs(t0);
    t0 = performance.now();
    const later = new Date(Date.now() + 40 * 86_400_000);
    await campaignResults({ ...deps, now: () => later }, big.ws, bigId, 30);
    const results = secs(t0);
    rows.push([
      `outcomes (results), ${fmt(N)} members`,
      results.toFixed(1) + ' s',
      `count members per arm: ${scan.toFixed(1)} s`,
      (results / scan).toFixed(1),
    ]);

    const execute = async (w: { ws: string }, id: string, workers: number) => {
      await launchCampaign(deps, w.ws, id);
      await startExecution(deps, w.ws, id);
      const start = performance.now();
      let locked = 0;
      await Promise.all(
        Array.from({ length: workers }, async () => {
          for (;;) {
            const r = await runExecutionBatch(deps, w.ws, id, { limit: batch });
            locked += r.members;
            if (r.members === 0) return;
          }
        }),
      );
      const seconds = secs(start);
      // Members with an execution row (a second worker may lock a member the first just finished).
      const progress = await executionProgress(deps, w.ws, id);
      return { done: progress.done + progress.skipped + progress.failed, locked, seconds };
    };

    // 3. Point and task actions.
    if (M > 0) {
      const small = await workspace('Actions', M, false);
      await saveBenchProgram(deps, small.ws);
      const perSecond: Record<string, number> = {};
      for (const type of ['points', 'task'] as const)
        for (const workers of [1, 2]) {
          const action: CampaignAction =
            type === 'points'
              ? { key: 'bonus', arm: 'treat', name: 'Bonus', type: 'points', points: 100, costMinor: 100 }
              : { key: 'call', arm: 'treat', name: 'Call', type: 'task', title: 'Call {{firstName}}', costMinor: 500 };
          const id = await campaign(small, `${type} ${workers}`, [action]);
          const r = await execute(small, id, workers);
          perSecond[`${type}${workers}`] = r.done / r.seconds;
          rows.push([
            `${type} actions, ${workers} worker(s), ${fmt(r.done)} members`,
            `${fmt(r.done / r.seconds)}/s`,
            workers === 2 ? `1 worker: ${fmt(perSecond[`${type}1`])}/s` : '—',
            workers === 2 ? (perSecond[`${type}2`] / perSecond[`${type}1`]).toFixed(2) : '—',
          ]);
        }
    }

    // 4. Messages: the sink fed directly, then through execution and the outbox.
    if (K > 0) {
      const mail = await workspace('Mail', K, true);
      // The sender alone, before and after the outbox's run (load drifts on a shared machine).
      const rawLoop = async (round: number) => {
        const cpu = process.cpuUsage();
        const start = performance.now();
        for (let i = 0; i < K; i++)
          await senders.email.send({
            id: `raw-${round}-${i}`,
            channel: 'email',
            to: `raw${i}@example.com`,
            toName: `Member ${i}`,
            fromName: 'Mail',
            content: {
              subject: `Hi Member ${i}`,
              text: `Hello Member ${i},\n\nWe miss you, Member ${i}.\n\nKind regards,\nMail`,
              short: 'We miss you',
            },
          });
        return { perSecond: K / secs(start), cpuMs: cpuMs(cpu) / K };
      };
      const rawBefore = await rawLoop(1);
      const msgId = await campaign(mail, 'Mail', [
        {
          key: 'mail',
          arm: 'treat',
          name: 'Mail',
          type: 'message',
          costMinor: 1,
          templates: { en: { subject: 'Hi {{firstName}}', body: 'We miss you, {{firstName}}.' } },
        },
      ]);
      const exec = await execute(mail, msgId, 1);
      const outboxCpu = process.cpuUsage();
      t0 = performance.now();
      for (;;) {
        const r = await sendDueNotifications({ ...deps, random: Math.random }, senders, { limit: 200 });
        if (!r.more && r.attempted === 0) break;
      }
      const sent = exec.done / secs(t0);
      const sentCpuMs = cpuMs(outboxCpu) / exec.done;
      const rawAfter = await rawLoop(2);
      const raw = (rawBefore.perSecond + rawAfter.perSecond) / 2;
      rows.push([
        `message actions executed (into the outbox), ${fmt(exec.done)}`,
        `${fmt(exec.done / exec.seconds)}/s`,
        '—',
        '—',
      ]);
      rows.push([
        `messages sent by the outbox to the SMTP sink (this process's CPU ${sentCpuMs.toFixed(2)} ms a message, the sink's included)`,
        `${fmt(sent)}/s`,
        `sender alone into the same sink, before / after: ${fmt(rawBefore.perSecond)} / ${fmt(rawAfter.perSecond)}/s (CPU ${rawBefore.cpuMs.toFixed(2)} / ${rawAfter.cpuMs.toFixed(2)} ms a message)`,
        (sent / raw).toFixed(2),
      ]);
    }
    console.log(`\nCampaigns (PostgreSQL), batches of ${fmt(batch)}\n`);
    console.log('| What | Figure | Same-run comparison | Ratio |');
    console.log('|---|---:|---|---:|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log(`\nSMTP sink received ${smtp.mails.length} messages.`);
  } finally {
    senders.email.close?.();
    await smtp.close();
    await database.close();
    if (keep) console.log(`Kept database ${dbName} (--database ${dbName} to launch on it again).`);
    else await client.query(`drop database ${dbName}`);
    await client.end();
  }
}

/** A kept database's workspace by name: its id, owner and first segment. */
async function keptWorkspace(deps: Deps, name: string) {
  const [row] = await queryRows<{ ws: string; owner: string; segment: string }>(
    deps.db,
    sql`select w.id ws, (select m.user_id from memberships m where m.workspace_id = w.id limit 1) owner,
          (select s.id from segments s where s.workspace_id = w.id order by s.id limit 1) segment
        from workspaces w where w.name = ${name} order by w.created_at desc limit 1`,
  );
  if (!row) throw new Error(`no workspace named ${name} in this database`);
  return row;
}

/**
 * Each hash scheme's cost per customer on the N ids: `count(*)` over the hash against a bare
 * `count(*)`, the two hashes of a launch (holdout and arm) together. Leaves the row out on code
 * without hash schemes (an older commit measured with this file).
 */
async function hashCosts(deps: Deps, ws: string, n: number): Promise<string[][]> {
  const assignment = (await import('../src/modules/campaigns/campaigns.assignment.ts')) as Record<string, unknown>;
  const schemes = assignment.hashSchemes as readonly string[] | undefined;
  if (!schemes) return [];
  const unitHashSql = assignment.unitHashSql as (seed: string, id: SQL, scheme: string) => SQL;
  const timed = async (expr: SQL) => {
    const t0 = performance.now();
    await queryRows(deps.db, sql`select count(*) from customers where workspace_id = ${ws} and ${expr}`);
    return secs(t0);
  };
  const bare = await timed(sql`id is not null`);
  const out: string[][] = [];
  for (const scheme of schemes) {
    const both = sql`${unitHashSql('holdout:bench', sql`id`, scheme)} + ${unitHashSql('bench', sql`id`, scheme)} < 1`;
    const seconds = await timed(both);
    out.push([
      `the two hashes of a launch (holdout, arm), scheme ${scheme}, over ${fmt(n)} ids`,
      `${(((seconds - bare) / n) * 1e6).toFixed(2)} µs a customer`,
      `bare count: ${bare.toFixed(1)} s; with the hashes: ${seconds.toFixed(1)} s`,
      (seconds / bare).toFixed(1),
    ]);
  }
  return out;
}
