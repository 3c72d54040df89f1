// Use case: the customer 360 (profile, consents, account manager, the newest events from every
// timeline source), read in one statement (customers.overview.repository.ts).
import { notFound } from '../../errors.ts';
import {
  type TimelinePage,
  type TimelineQuery,
  timelinePage,
  timelineRowsJson,
  type TimelineRow,
  type TimelineSource,
} from '../timeline/index.ts';
import type { ConsentDto, CustomerDto } from './customers.dto.ts';
import { type Ctx, toCustomerDto } from './customers.mappers.ts';
import { findOverview, overviewParams } from './customers.overview.repository.ts';

export type CustomerOverview = {
  customer: CustomerDto;
  consents: ConsentDto[];
  accountManager: { id: string; name: string; email: string } | null;
  timeline: TimelinePage;
};

export async function customerOverview(
  ctx: Ctx,
  workspaceId: string,
  customerId: string,
  options: { timelineSources: TimelineSource[]; limit: number },
): Promise<CustomerOverview> {
  const { timelineSources: sources, limit } = options;
  const row = await findOverview(
    ctx.db,
    { workspaceId, customerId, limit },
    { key: sources, sql: () => timelineRowsJson(sources, overviewParams as unknown as TimelineQuery) },
  );
  if (!row) throw notFound('Customer');
  const { consents, manager, timeline, ...customer } = row;
  return {
    customer: toCustomerDto(customer),
    consents: consents.map((c) => ({
      channel: c.channel as ConsentDto['channel'],
      purpose: c.purpose as ConsentDto['purpose'],
      granted: c.granted,
      source: c.source,
      changedAt: new Date(c.changedAt).toISOString(),
    })),
    accountManager: manager ? { id: manager.id, name: manager.name, email: manager.email } : null,
    timeline: timelinePage(sources, timeline as TimelineRow[], limit),
  };
}
