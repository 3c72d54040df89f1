// Use cases: read one customer, and list or search them a page at a time.
import { AppError, notFound } from '../../errors.ts';
import { decodeSortCursor, encodeSortCursor } from '../../lib/cursor.ts';
import type { CustomerDto, ListCustomersQueryInput } from './customers.dto.ts';
import { type Ctx, toCustomerDto } from './customers.mappers.ts';
import { findCustomer, listCustomerRows, type ScoreMatches } from './customers.repository.ts';

export async function getCustomer(ctx: Ctx, workspaceId: string, id: string): Promise<CustomerDto> {
  const row = await findCustomer(ctx.db, workspaceId, id);
  if (!row) throw notFound('Customer');
  return toCustomerDto(row);
}

function parseCustomFieldFilter(cf: string | undefined): Record<string, unknown> | undefined {
  if (!cf) return undefined;
  const out: Record<string, unknown> = {};
  for (const pair of cf.split(',')) {
    const at = pair.indexOf(':');
    if (at <= 0)
      throw new AppError('validation_failed', 'Custom field filters look like key:value', {
        fields: [{ path: 'query.cf', message: 'expected key:value' }],
      });
    const key = pair.slice(0, at).trim();
    const raw = pair.slice(at + 1).trim();
    out[key] =
      raw === 'true' ? true : raw === 'false' ? false : raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

export async function listCustomers(
  ctx: Ctx,
  workspaceId: string,
  q: ListCustomersQueryInput,
  scoreMatches?: ScoreMatches,
): Promise<{ items: CustomerDto[]; nextCursor: string | null }> {
  const sort = {
    column: q.sort.replace('-', '') as 'createdAt' | 'name',
    direction: q.sort.startsWith('-') ? ('desc' as const) : ('asc' as const),
  };
  const rows = await listCustomerRows(
    ctx.db,
    workspaceId,
    {
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
    },
    sort,
    q.limit + 1,
    q.cursor ? decodeSortCursor(q.cursor, sort.column === 'name' ? 'text' : 'time') : undefined,
  );
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > q.limit && last
      ? encodeSortCursor(sort.column === 'name' ? last.name : last.createdAt.toISOString(), last.id)
      : null;
  return { items: items.map(toCustomerDto), nextCursor };
}
