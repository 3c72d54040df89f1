// Use case: the customers a filter matches (every customer without one) as CSV, with their values.
import type { Db } from '../../db/client.ts';
import { csvLine } from '../../lib/csv.ts';
import { type ValueColumnSources, valuedCustomersAfter } from './customers.list.repository.ts';
import { type CustomerFilter, listCustomFieldRows } from './customers.repository.ts';

const exportColumns = [
  'id',
  'external_id',
  'kind',
  'name',
  'email',
  'phone',
  'locale',
  'birth_date',
  'acquired_at',
  'acquisition_channel',
  'status',
  'defected_at',
  'defection_reason',
  'account_manager_id',
  'tags',
  'preferred_channels',
  'declared_wallet_minor',
  'address_line1',
  'address_line2',
  'address_city',
  'address_region',
  'address_postal_code',
  'address_country',
  'created_at',
  'tier',
  'predicted_clv_minor',
  'p_alive',
  'churn_risk',
  'last_purchase_at',
  'loyalty_points',
];

export type CustomersCsvOptions = {
  /** Where the value columns come from (handed in by the app or the CLI). */
  values: ValueColumnSources;
  /** Only the customers it matches (the list's filters); every live customer without it. */
  filter?: CustomerFilter;
  batchSize?: number;
};

/** Streams the customers as CSV in id-ordered batches; memory stays flat at any size. */
export async function streamCustomersCsv(
  db: Db,
  workspaceId: string,
  write: (chunk: string) => Promise<void> | void,
  options: CustomersCsvOptions,
): Promise<number> {
  const batchSize = options.batchSize ?? 2_000;
  const fields = (await listCustomFieldRows(db, workspaceId)).map((f) => f.key);
  await write(csvLine([...exportColumns, ...fields.map((f) => `cf_${f}`)]));
  let after: string | undefined;
  let count = 0;
  for (;;) {
    const rows = await valuedCustomersAfter(db, workspaceId, options.filter ?? {}, options.values, after, batchSize);
    if (rows.length === 0) return count;
    let chunk = '';
    for (const r of rows) {
      const a = r.address ?? {};
      chunk += csvLine([
        r.id,
        r.externalId,
        r.kind,
        r.name,
        r.email,
        r.phone,
        r.locale,
        r.birthDate,
        r.acquiredAt,
        r.acquisitionChannel,
        r.status,
        r.defectedAt,
        r.defectionReason,
        r.accountManagerId,
        r.tags,
        r.preferredChannels,
        r.declaredWalletMinor,
        a.line1,
        a.line2,
        a.city,
        a.region,
        a.postalCode,
        a.country,
        r.createdAt,
        r.values.tier,
        r.values.predictedClv,
        r.values.pAlive,
        r.values.churnRisk,
        r.values.lastPurchaseAt,
        r.values.points,
        ...fields.map((f) => r.customFields[f]),
      ]);
    }
    await write(chunk);
    count += rows.length;
    after = rows.at(-1)?.id;
  }
}
