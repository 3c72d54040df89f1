// Use cases: read one customer, and list or search them a page at a time with their values.
import { AppError, notFound } from '../../errors.ts';
import { decodeColumnCursor, encodeColumnCursor } from '../../lib/cursor.ts';
import type {
  CustomerDto,
  CustomerFilterInput,
  CustomerListItemDto,
  CustomerValuesDto,
  ListCustomersQueryInput,
} from './customers.dto.ts';
import { type Ctx, toCustomerDto } from './customers.mappers.ts';
import {
  countCustomerRows,
  type CustomerSort,
  listCustomerRows,
  type SortColumn,
  sortKind,
  sortValueOf,
  type ValueColumnSources,
  type ValuedCustomerRow,
} from './customers.list.repository.ts';
import { type CustomerFilter, findCustomer, type ScoreMatches } from './customers.repository.ts';
import { collectSearchMatches, planSearch, SEARCH_COLLECT_UP_TO } from './customers.search.repository.ts';
import { problem } from '../../lib/problems.ts';

export async function getCustomer(ctx: Ctx, workspaceId: string, id: string): Promise<CustomerDto> {
  const row = await findCustomer(ctx.db, workspaceId, id);
  if (!row) throw notFound('Customer');
  return toCustomerDto(row);
}

/** What the list reads from other domains, handed in by the app. */
export type ListSources = {
  /** The value engine's condition for the tier and RFM segment filters. */
  scoreMatches: ScoreMatches;
  /** The value columns: tier, predicted CLV, P(alive), churn risk, last purchase, points. */
  values: ValueColumnSources;
  /** The total is counted exactly up to this many customers, estimated above (10,000 by default). */
  exactTotalUpTo?: number;
  /** Search's bounds (customers.search.repository.ts), for tests: matches collected, rows walked per page. */
  search?: { collectUpTo: number; walkUpTo: number };
};

export const EXACT_TOTAL_UP_TO = 10_000;

function parseCustomFieldFilter(cf: string | undefined): Record<string, unknown> | undefined {
  if (!cf) return undefined;
  const out: Record<string, unknown> = {};
  for (const pair of cf.split(',')) {
    const at = pair.indexOf(':');
    if (at <= 0)
      throw new AppError('validation_failed', 'Custom field filters look like key:value', {
        fields: [{ path: 'query.cf', ...problem('key_value') }],
      });
    const key = pair.slice(0, at).trim();
    const raw = pair.slice(at + 1).trim();
    out[key] =
      raw === 'true' ? true : raw === 'false' ? false : raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

/** The list's query filters as the repository's filter. */
export function toFilter(q: CustomerFilterInput, scoreMatches?: ScoreMatches): CustomerFilter {
  return {
    q: q.q || undefined,
    status: q.status,
    tags: q.tag
      ? q.tag
          .split(',')
          .map((t) => t.trim().toLowerCase())
          .filter(Boolean)
      : undefined,
    accountManagerId: q.accountManagerId,
    createdFrom: q.createdFrom ? new Date(q.createdFrom) : undefined,
    createdTo: q.createdTo ? new Date(q.createdTo) : undefined,
    acquiredFrom: q.acquiredFrom ? new Date(q.acquiredFrom) : undefined,
    acquiredTo: q.acquiredTo ? new Date(q.acquiredTo) : undefined,
    customFields: parseCustomFieldFilter(q.cf),
    tier: q.tier,
    rfmSegment: q.rfmSegment,
    scoreMatches,
  };
}

export const toValuesDto = (r: ValuedCustomerRow): CustomerValuesDto => ({
  tier: r.values.tier as CustomerValuesDto['tier'],
  predictedClv: r.values.predictedClv,
  pAlive: r.values.pAlive,
  churnRisk: r.values.churnRisk,
  lastPurchaseAt: r.values.lastPurchaseAt ? r.values.lastPurchaseAt.toISOString() : null,
  points: r.values.points,
});

/** Whether `q` is the list's only filter (the value sources aside). */
const onlySearch = (f: CustomerFilter) =>
  Object.entries(f).every(([k, v]) => ['q', 'matchedIds', 'scoreMatches'].includes(k) || v === undefined);

/** A page of customers with their values; the first page (no cursor) also carries the total. */
export async function listCustomers(
  ctx: Ctx,
  workspaceId: string,
  q: ListCustomersQueryInput,
  sources: ListSources,
): Promise<{ items: CustomerListItemDto[]; nextCursor: string | null; total: number | null; estimated: boolean }> {
  const column = q.sort.replace('-', '') as SortColumn;
  const sort: CustomerSort = { column, direction: q.sort.startsWith('-') ? 'desc' : 'asc' };
  const plain = column === 'createdAt' || column === 'name';
  const after = q.cursor ? decodeColumnCursor(q.cursor, column, sortKind(column), !plain) : undefined;
  const filter = toFilter(q, sources.scoreMatches);
  let exactUpTo = sources.exactTotalUpTo ?? EXACT_TOTAL_UP_TO;
  // A broad search's total when nothing but `q` filters: the planner's estimate, never counted.
  let broadEstimate: number | undefined;
  if (filter.q) {
    const upTo = sources.search?.collectUpTo ?? SEARCH_COLLECT_UP_TO;
    const plan = await planSearch(ctx.db, workspaceId, filter.q);
    // Broad by the statistics (in the histogram, or its words are; more matches than a collect takes): no collect.
    const broad = plan && plan.matches > upTo;
    // A narrow search (most) continues over the matches collected; a broad one is counted up to as many.
    const matched = broad ? [] : await collectSearchMatches(ctx.db, workspaceId, filter.q, upTo, plan?.rareWords);
    if (!broad && matched.length <= upTo) filter.matchedIds = matched;
    else {
      exactUpTo = Math.min(exactUpTo, upTo);
      if (onlySearch(filter)) broadEstimate = Math.max(plan?.matches ?? 0, upTo + 1);
    }
  }
  const page = () =>
    listCustomerRows(ctx.db, workspaceId, filter, sources.values, sort, q.limit + 1, after, sources.search?.walkUpTo);
  // A narrow search with no other filter has its total already: the live customers it collected.
  const known = filter.matchedIds && onlySearch(filter) ? filter.matchedIds.length : undefined;
  const count = async () =>
    q.cursor
      ? undefined
      : known !== undefined
        ? { total: known, estimated: false }
        : countCustomerRows(ctx.db, workspaceId, filter, exactUpTo);
  let rows: ValuedCustomerRow[];
  let counted: Awaited<ReturnType<typeof count>>;
  if (broadEstimate === undefined) [rows, counted] = await Promise.all([page(), count()]);
  else {
    // A full first page of a broad search stands for "more than a collect": its total is the estimate,
    // not a second pass over the trigram index. A short page (the estimate was wrong) is counted.
    rows = await page();
    counted = q.cursor ? undefined : rows.length > q.limit ? { total: broadEstimate, estimated: true } : await count();
  }
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > q.limit && last ? encodeColumnCursor(column, sortValueOf(last, column), last.id) : null;
  return {
    items: items.map((r) => ({ ...toCustomerDto(r), values: toValuesDto(r) })),
    nextCursor,
    total: counted?.total ?? null,
    estimated: counted?.estimated ?? false,
  };
}
