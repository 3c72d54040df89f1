// The contracts import adapter: one row per contract, skipped when its external_id exists.
import { problem } from '../../lib/problems.ts';
import type { Db } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { findCustomerIdsByExternalIds } from '../customers/index.ts';
import { type ImportAdapter, type ImportRowError, instant, integer, oneOf, RowErrors, text } from '../imports/index.ts';
import { insertContracts } from './contracts.sources.ts';
import { contractStatuses, paymentMethods } from './contracts.schema.ts';

type Row = {
  externalId: string;
  customerExternalId: string;
  plan: string;
  status: (typeof contractStatuses)[number];
  startedAt: Date;
  endsAt: Date | null;
  renewsAt: Date | null;
  monthlyValueMinor: number;
  termMonths: number | null;
  paymentMethod: (typeof paymentMethods)[number] | null;
  cancelledAt: Date | null;
  cancellationReason: string | null;
};

export const contractsImportAdapter: ImportAdapter<Row> = {
  entity: 'contracts',
  tables: { contracts: ['workspace_id', 'external_id'] },
  requiredColumns: ['external_id', 'customer_external_id', 'plan', 'started_at', 'monthly_value_minor'],
  knownColumns: [
    'external_id',
    'customer_external_id',
    'plan',
    'status',
    'started_at',
    'ends_at',
    'renews_at',
    'monthly_value_minor',
    'term_months',
    'payment_method',
    'cancelled_at',
    'cancellation_reason',
  ],
  keyOf: (r) =>
    r.external_id === undefined || r.external_id === null ? undefined : String(r.external_id).trim() || undefined,
  groupConsecutive: false,
  parse: ([cells]) => {
    const e = new RowErrors();
    const row: Row = {
      externalId: text(cells, 'external_id', e, { required: true, max: 200 }) as string,
      customerExternalId: text(cells, 'customer_external_id', e, { required: true, max: 200 }) as string,
      plan: text(cells, 'plan', e, { required: true, max: 120 }) as string,
      status: oneOf(cells, 'status', e, contractStatuses, 'active') as Row['status'],
      startedAt: instant(cells, 'started_at', e, { required: true }) as Date,
      endsAt: instant(cells, 'ends_at', e) ?? null,
      renewsAt: instant(cells, 'renews_at', e) ?? null,
      monthlyValueMinor: integer(cells, 'monthly_value_minor', e, { required: true, min: 0 }) as number,
      termMonths: integer(cells, 'term_months', e, { min: 1 }) ?? null,
      paymentMethod: (oneOf(cells, 'payment_method', e, paymentMethods) as Row['paymentMethod'] | undefined) ?? null,
      cancelledAt: instant(cells, 'cancelled_at', e) ?? null,
      cancellationReason: text(cells, 'cancellation_reason', e, { max: 500 }) ?? null,
    };
    if (row.termMonths !== null && row.termMonths > 120) e.add('term_months', 'at_most_months', { max: 120 });
    if (row.status === 'cancelled' && !row.cancelledAt) e.add('cancelled_at', 'required_when_cancelled');
    return e.ok ? { ok: true, row } : { ok: false, errors: e.list };
  },
  commit: async (db: Db, options, rows) => {
    const errors = new Map<number, ImportRowError[]>();
    const customers = await findCustomerIdsByExternalIds(db, options.workspaceId, [
      ...new Set(rows.map((r) => r.row.customerExternalId)),
    ]);
    const valid = rows.filter(({ rowNumber, row }) => {
      if (customers.has(row.customerExternalId)) return true;
      errors.set(rowNumber, [
        { column: 'customer_external_id', ...problem('no_customer', { value: row.customerExternalId }) },
      ]);
      return false;
    });
    await insertContracts(
      db,
      valid.map(({ row }) => ({
        ...row,
        workspaceId: options.workspaceId,
        id: newId(),
        customerId: customers.get(row.customerExternalId) as string,
        currency: options.currency,
        createdAt: options.now,
        updatedAt: options.now,
      })),
    );
    return errors;
  },
};
