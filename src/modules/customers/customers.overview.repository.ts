// The customer 360's read: SQL of the customers domain. One statement answers the live customer
// with its consents, its account manager and its timeline rows (one round trip, not five); for a
// customer that is not live it answers no row, so nothing else of theirs is read out.
// The statement is built once per database and set of timeline sources, with placeholders, and
// runs as a named (prepared) statement, on PGlite too (src/db/named.ts): building its SQL in
// Drizzle and planning the timeline's union each cost more than running it.
import { and, eq, getTableColumns, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { prepareNamed } from '../../db/named.ts';
import { membershipRows, userProfileRows } from '../users/index.ts';
import type { CustomerRow } from './customers.repository.ts';
import { customers } from './customers.schema.ts';

/** A consent as the statement answers it (JSON: the time as text). */
export type ConsentJson = {
  channel: string;
  purpose: string;
  granted: boolean;
  source: string | null;
  changedAt: string;
};

export type OverviewRow = CustomerRow & {
  consents: ConsentJson[];
  manager: { id: string; name: string; email: string } | null;
  timeline: unknown;
};

/** The statement's parameters, as placeholders (`sql.placeholder`) where its parts take values. */
export const overviewParams = {
  workspaceId: sql.placeholder('workspaceId'),
  customerId: sql.placeholder('customerId'),
  limit: sql.placeholder('limit'),
};

function overviewStatement(db: Db, timeline: SQL, name: string) {
  const { workspaceId, customerId } = overviewParams;
  const query = db
    .select({
      ...getTableColumns(customers),
      consents: sql<ConsentJson[]>`(
        select coalesce(jsonb_agg(jsonb_build_object('channel', cc.channel, 'purpose', cc.purpose,
                 'granted', cc.granted, 'source', cc.source, 'changedAt', cc.changed_at) order by cc.channel, cc.purpose), '[]'::jsonb)
          from customer_consents cc where cc.workspace_id = ${workspaceId} and cc.customer_id = ${customerId})`,
      // The manager only while a member of the workspace (as the members list shows them). Named with
      // its table: a bare column name in a subquery binds to the subquery's own tables first.
      manager: sql<OverviewRow['manager']>`(
        select jsonb_build_object('id', u.id, 'name', u.name, 'email', u.email)
          from (${membershipRows(workspaceId as unknown as string)}) m join (${userProfileRows()}) u on u.id = m.user_id
         where m.user_id = customers.account_manager_id)`,
      timeline: sql<unknown>`${timeline}`,
    })
    .from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), isNull(customers.deletedAt), eq(customers.id, customerId)));
  return prepareNamed(db, (n) => query.prepare(n), name);
}

type Statement = ReturnType<typeof overviewStatement>;
/** Per database (tests open many), per set of timeline sources (its key; one in the app). */
const statements = new WeakMap<Db, Map<unknown, Statement>>();
let named = 0;

/**
 * The live customer with consents, manager and timeline rows. `timeline` is the key of the
 * timeline's part and `timelineSql` makes it, once, over `overviewParams`.
 */
export async function findOverview(
  db: Db,
  params: { workspaceId: string; customerId: string; limit: number },
  timeline: { key: unknown; sql: () => SQL },
): Promise<OverviewRow | undefined> {
  let byTimeline = statements.get(db);
  if (!byTimeline) statements.set(db, (byTimeline = new Map()));
  let statement = byTimeline.get(timeline.key);
  if (!statement)
    byTimeline.set(timeline.key, (statement = overviewStatement(db, timeline.sql(), `customer_overview_${++named}`)));
  const [row] = await statement.execute(params);
  return row;
}
