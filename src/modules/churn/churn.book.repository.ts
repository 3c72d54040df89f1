// A churn run's reads of the contract book (every contract of a live customer started by the run's
// instant): the training rows (the contracts running six months before, with their features
// then), which the fit waits for; and in one scan every contract's survival record (the curves)
// with, for those running now, their features (scoring) — where three reads of the book (about
// 6 s each at 1M contracts) were. A run makes them one after the other (churn.runs.ts). Rows come in customer order
// with their numbers packed as one float8[] text (db/number-columns.ts), split here into columns.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { numberColumns, packed, readPacked, unpack } from '../../db/number-columns.ts';
import { customerScoreFacts } from '../analytics/index.ts';
import {
  cohortLabel,
  cohortNumber,
  FEATURE_NUMBERS,
  type FeatureTable,
  factJoins,
  featureNumbers,
  labelsOf,
  ranBy,
  type ScoringTable,
  SURVIVAL_NUMBERS,
  type SurvivalTable,
  survivalNumbers,
} from './churn.facts.repository.ts';

export type BookFacts = { training: FeatureTable; scoring: ScoringTable; survival: SurvivalTable };

type BookRow = {
  v: string;
  plan: string;
  payment_method: string | null;
  tier: string | null;
  customer_id: string | null;
  rfm_segment: string | null;
  account_manager_id: string | null;
};

/**
 * The read is planned without parallel workers: beside the run's other work on a small server,
 * workers only fight over the same cores; its sorts and hashes get room not to spill to disk; and
 * its expressions are compiled without LLVM's inlining and optimisation passes, which above their
 * cost thresholds (the current read at 1M contracts) took 4.3 of 6.7 s of JIT time on a loaded
 * machine to save less than that in the run (compiling them plainly took 0.2 s).
 */
function alone<T>(db: Db, read: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('max_parallel_workers_per_gather', '0', true), set_config('work_mem', '32MB', true),
            set_config('jit_inline_above_cost', '-1', true), set_config('jit_optimize_above_cost', '-1', true)`,
    );
    return read(tx);
  });
}

/** The book's contracts of live customers started by `asOf`, with whether each ran at `since` and runs now. */
const contractsAsOf = (workspaceId: string, since: Date, asOf: Date) =>
  sql`select r.*, (r.started_at <= ${since} and (r.ended_at is null or r.ended_at > ${since})) as was_running,
        (r.ended_at is null or r.ended_at > ${asOf}) as running
      from (${ranBy(workspaceId, asOf)}) r`;

/**
 * The training rows: the contracts running at `since` with their features then, labelled by what
 * happened to them until `asOf`, in customer order.
 */
export async function trainingFacts(db: Db, workspaceId: string, since: Date, asOf: Date): Promise<FeatureTable> {
  const numbers = featureNumbers(since, asOf, sql`count(*) over (partition by c.customer_id)`, '0');
  const rows = await alone(db, (tx) =>
    queryRows<BookRow>(
      tx,
      sql`with c as (select * from (${contractsAsOf(workspaceId, since, asOf)}) b where b.was_running)
          select c.plan, c.payment_method, s.tier, ${packed(FEATURE_NUMBERS.map((f) => numbers[f]))} as v
          from c
          ${factJoins(workspaceId, since, '0')}
          left join (${customerScoreFacts(workspaceId)}) s on s.customer_id = c.customer_id
          order by c.customer_id, c.id`,
    ),
  );
  return { n: rows.length, num: unpack(rows, FEATURE_NUMBERS), ...labelsOf(rows) };
}

// A current row's packed numbers: running now or not, the survival record, the start month, then
// the scoring features (NULL when not running now).
const S = SURVIVAL_NUMBERS.length;
const SURVIVAL_AT = 1;
const COHORT_AT = SURVIVAL_AT + S;
const SCORING_AT = COHORT_AT + 1;
const WIDTH = SCORING_AT + FEATURE_NUMBERS.length;

/**
 * Every contract started by `asOf` as a survival record (in customer order: `survivalBySegments`
 * orders them by time), and those running at `asOf` with their features, to be scored.
 */
export async function currentFacts(
  db: Db,
  workspaceId: string,
  since: Date,
  asOf: Date,
): Promise<Pick<BookFacts, 'scoring' | 'survival'>> {
  const current = featureNumbers(
    asOf,
    null,
    sql`count(*) filter (where c.running) over (partition by c.customer_id)`,
    '1',
  );
  const survival = survivalNumbers(asOf);
  const numbers = [
    sql`c.running::int`,
    ...SURVIVAL_NUMBERS.map((f) => survival[f]),
    cohortNumber,
    ...FEATURE_NUMBERS.map((f) => sql`case when c.running then ${current[f]} end`),
  ];
  const rows = await alone(db, (tx) =>
    queryRows<BookRow>(
      tx,
      sql`with c as (${contractsAsOf(workspaceId, since, asOf)})
          select c.plan, c.payment_method, s.tier,
            case when c.running then c.customer_id end as customer_id,
            case when c.running then s.rfm_segment end as rfm_segment,
            case when c.running then c.account_manager_id end as account_manager_id,
            ${packed(numbers)} as v
          from c
          ${factJoins(workspaceId, asOf, '1')}
          left join (${customerScoreFacts(workspaceId)}) s on s.customer_id = c.customer_id
          order by c.customer_id, c.id`,
    ),
  );
  return split(rows);
}

/** Both reads at once (on two connections where the database has them). */
export async function bookFacts(db: Db, workspaceId: string, since: Date, asOf: Date): Promise<BookFacts> {
  const [training, current] = await Promise.all([
    trainingFacts(db, workspaceId, since, asOf),
    currentFacts(db, workspaceId, since, asOf),
  ]);
  return { training, ...current };
}

function split(rows: BookRow[]): Pick<BookFacts, 'scoring' | 'survival'> {
  const n = rows.length;
  const row = new Float64Array(WIDTH);
  let ns = 0;
  for (const r of rows) {
    readPacked(r.v, row, 1);
    ns += row[0];
  }
  const scoring: ScoringTable = {
    n: ns,
    num: numberColumns(FEATURE_NUMBERS, ns),
    plan: [],
    payment_method: [],
    tier: [],
    customer_id: [],
    cohort_month: [],
    rfm_segment: [],
    account_manager_id: [],
  };
  const survival: SurvivalTable = {
    n,
    num: numberColumns(SURVIVAL_NUMBERS, n),
    plan: [],
    payment_method: [],
    tier: [],
    cohort_month: [],
  };
  const scols = FEATURE_NUMBERS.map((f) => scoring.num[f]);
  const vcols = SURVIVAL_NUMBERS.map((f) => survival.num[f]);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    readPacked(r.v, row);
    for (let k = 0; k < S; k++) vcols[k][i] = row[SURVIVAL_AT + k];
    const cohort = cohortLabel(row[COHORT_AT]);
    survival.plan.push(r.plan);
    survival.payment_method.push(r.payment_method);
    survival.tier.push(r.tier);
    survival.cohort_month.push(cohort);
    if (row[0] === 1) {
      for (let k = 0; k < scols.length; k++) scols[k][s] = row[SCORING_AT + k];
      scoring.plan.push(r.plan);
      scoring.payment_method.push(r.payment_method);
      scoring.tier.push(r.tier);
      scoring.customer_id.push(r.customer_id as string);
      scoring.cohort_month.push(cohort);
      scoring.rfm_segment.push(r.rfm_segment);
      scoring.account_manager_id.push(r.account_manager_id);
      s++;
    }
  }
  return { scoring, survival };
}
