// The interactions import adapter: one row per contact, skipped when its external_id exists.
import { problem } from '../../lib/problems.ts';
import type { Db } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { findCustomerIdsByExternalIds } from '../customers/index.ts';
import { type ImportAdapter, type ImportRowError, instant, integer, oneOf, RowErrors, text } from '../imports/index.ts';
import { costRateRows } from './interactions.repository.ts';
import { insertInteractions } from './interactions.sources.ts';
import { interactionChannels } from './interactions.schema.ts';
import { interactionCost } from './interactions.service.ts';

type Row = {
  externalId: string;
  customerExternalId: string;
  occurredAt: Date;
  channel: string;
  direction: 'inbound' | 'outbound';
  type: string;
  durationSeconds: number;
  summary: string | null;
};

export const interactionsImportAdapter: ImportAdapter<Row> = {
  entity: 'interactions',
  tables: { interactions: ['workspace_id', 'external_id'] },
  requiredColumns: ['external_id', 'customer_external_id', 'occurred_at', 'channel', 'direction', 'type'],
  knownColumns: [
    'external_id',
    'customer_external_id',
    'occurred_at',
    'channel',
    'direction',
    'type',
    'duration_seconds',
    'summary',
  ],
  keyOf: (r) =>
    r.external_id === undefined || r.external_id === null ? undefined : String(r.external_id).trim() || undefined,
  groupConsecutive: false,
  parse: ([cells]) => {
    const e = new RowErrors();
    const row = {
      externalId: text(cells, 'external_id', e, { required: true, max: 200 }) as string,
      customerExternalId: text(cells, 'customer_external_id', e, { required: true, max: 200 }) as string,
      occurredAt: instant(cells, 'occurred_at', e, { required: true }) as Date,
      channel: oneOf(cells, 'channel', e, interactionChannels) as string,
      direction: oneOf(cells, 'direction', e, ['inbound', 'outbound'] as const) as 'inbound' | 'outbound',
      type: text(cells, 'type', e, { required: true, max: 60 }) as string,
      durationSeconds: integer(cells, 'duration_seconds', e, { min: 0 }) ?? 0,
      summary: text(cells, 'summary', e, { max: 10_000 }) ?? null,
    };
    if (!row.channel && !e.list.some((x) => x.column === 'channel')) e.add('channel', 'required');
    if (!row.direction && !e.list.some((x) => x.column === 'direction')) e.add('direction', 'required');
    return e.ok ? { ok: true, row } : { ok: false, errors: e.list };
  },
  commit: async (db: Db, options, rows) => {
    const errors = new Map<number, ImportRowError[]>();
    const [customers, rates] = await Promise.all([
      findCustomerIdsByExternalIds(db, options.workspaceId, [...new Set(rows.map((r) => r.row.customerExternalId))]),
      costRateRows(db, options.workspaceId),
    ]);
    const rateOf = new Map(rates.map((r) => [r.channel, r]));
    const valid = rows.filter(({ rowNumber, row }) => {
      if (customers.has(row.customerExternalId)) return true;
      errors.set(rowNumber, [
        { column: 'customer_external_id', ...problem('no_customer', { value: row.customerExternalId }) },
      ]);
      return false;
    });
    await insertInteractions(
      db,
      valid.map(({ row }) => ({
        workspaceId: options.workspaceId,
        id: newId(),
        customerId: customers.get(row.customerExternalId) as string,
        externalId: row.externalId,
        occurredAt: row.occurredAt,
        channel: row.channel,
        direction: row.direction,
        type: row.type,
        durationSeconds: row.durationSeconds,
        employeeId: null,
        summary: row.summary,
        costMinor: interactionCost(rateOf.get(row.channel), row.durationSeconds),
        createdAt: options.now,
      })),
    );
    return errors;
  },
};
