// The customers list's filters as URL search parameters: the URL is the state, so a filtered
// list can be bookmarked, shared, reloaded, walked back and saved as a view.
import type { ListCustomersQueryInput } from '../../api.ts';

/**
 * The query parameters of GET /customers the screen sets. TypeScript refuses a key the API does
 * not have, so the UI cannot offer a filter the server would reject.
 */
export const filterKeys = [
  'q',
  'status',
  'tier',
  'rfmSegment',
  'tag',
  'accountManagerId',
  'createdFrom',
  'createdTo',
  'acquiredFrom',
  'acquiredTo',
  'cf',
  'sort',
] as const satisfies readonly (keyof ListCustomersQueryInput)[];
export type FilterKey = (typeof filterKeys)[number];
export type CustomerFilters = Partial<Record<FilterKey, string>>;

export const sorts = [
  '-createdAt',
  'createdAt',
  'name',
  '-name',
  '-tier',
  'tier',
  '-predictedClv',
  'predictedClv',
  '-pAlive',
  'pAlive',
  '-churnRisk',
  'churnRisk',
  '-lastPurchaseAt',
  'lastPurchaseAt',
  '-points',
  'points',
] as const satisfies readonly ListCustomersQueryInput['sort'][];
export type Sort = (typeof sorts)[number];

/** The list's filters as the API's selection filter: everything but the sort. */
export function selectionFilter(filters: CustomerFilters): Omit<CustomerFilters, 'sort'> {
  const { sort: _sort, ...rest } = normalize(filters);
  return rest;
}
export const defaultSort = '-createdAt';

/** The URL parameter naming the saved view the filters came from (not sent to the API). */
export const VIEW_PARAM = 'view';

/** Filters without empty values or the default sort, so equal filter sets compare equal. */
export function normalize(filters: Record<string, string | undefined>): CustomerFilters {
  const out: CustomerFilters = {};
  for (const key of filterKeys) {
    const value = filters[key]?.trim();
    if (value && !(key === 'sort' && value === defaultSort)) out[key] = value;
  }
  return out;
}

export function readFilters(params: URLSearchParams): CustomerFilters {
  return normalize(Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? undefined])));
}

export function toSearchParams(filters: CustomerFilters, view?: string | null): URLSearchParams {
  const params = new URLSearchParams(normalize(filters) as Record<string, string>);
  if (view) params.set(VIEW_PARAM, view);
  return params;
}

export function sameFilters(a: Record<string, string | undefined>, b: Record<string, string | undefined>): boolean {
  const x = normalize(a);
  const y = normalize(b);
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]) as Set<FilterKey>;
  return [...keys].every((k) => x[k] === y[k]);
}

/** How many filters narrow the list (search and sort are shown on their own). */
export const narrowingCount = (filters: CustomerFilters) =>
  Object.keys(normalize(filters)).filter((k) => k !== 'q' && k !== 'sort').length;

/** `cf` holds custom field equality filters as "key:value,key:value" (the API's format). */
export function parseCustomFieldFilter(cf: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (cf ?? '').split(',')) {
    const at = pair.indexOf(':');
    if (at > 0) out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

export function writeCustomFieldFilter(values: Record<string, string | undefined>): string | undefined {
  const pairs = Object.entries(values).filter(([, v]) => v !== undefined && v !== '');
  return pairs.length ? pairs.map(([k, v]) => `${k}:${v}`).join(',') : undefined;
}
