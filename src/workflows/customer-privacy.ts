// Data-subject export and erasure across every domain. Each domain declares, in its own
// `<domain>.privacy.ts`, the sections it contributes to an export and the eraser that anonymises
// what it keeps; this workflow holds the two lists (a new domain adds one line to each) and runs
// them: the export streamed section by section (JSON, or a zip of one CSV per section), the
// erasure in one transaction with its `customer.erased` event.
import { createHash } from 'node:crypto';
import { Zip, ZipDeflate } from 'fflate';
import type { Deps } from '../deps.ts';
import type { CustomerDataSection, CustomerEraser, DataRow } from '../db/customer-data.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { csvLine } from '../lib/csv.ts';
import { recordChange, redactCustomerInAudit } from '../modules/audit/index.ts';
import { affinityDataSections, affinityEraser } from '../modules/affinity/index.ts';
import { analyticsDataSections, analyticsEraser } from '../modules/analytics/index.ts';
import { bondDataSections, bondEraser } from '../modules/bonds/index.ts';
import { bookDataSections, bookEraser } from '../modules/books/index.ts';
import { campaignDataSections, campaignEraser } from '../modules/campaigns/index.ts';
import { churnDataSections, churnEraser } from '../modules/churn/index.ts';
import { commerceDataSections } from '../modules/commerce/index.ts';
import { complaintDataSections, complaintEraser } from '../modules/complaints/index.ts';
import { contractDataSections, contractEraser } from '../modules/contracts/index.ts';
import {
  customerDataSections,
  customerEraser,
  customerExists,
  lockCustomerForErasure,
} from '../modules/customers/index.ts';
import { defectionDataSections, defectionEraser } from '../modules/defections/index.ts';
import { eventDataSections, eventEraser, recordEvents } from '../modules/events/index.ts';
import { feedbackDataSections, feedbackEraser } from '../modules/feedback/index.ts';
import { importEraser } from '../modules/imports/index.ts';
import { interactionDataSections, interactionEraser } from '../modules/interactions/index.ts';
import { kpisEraser } from '../modules/kpis/index.ts';
import { loyaltyDataSections, loyaltyEraser } from '../modules/loyalty/index.ts';
import { notificationDataSections, notificationEraser } from '../modules/notifications/index.ts';
import {
  assertRequestFor,
  type ErasureDto,
  type PrivacyActor,
  privacyDataSections,
  privacyEraser,
  recordExportHash,
  transitionPrivacyRequest,
} from '../modules/privacy/index.ts';
import { surveyDataSections, surveyEraser } from '../modules/surveys/index.ts';
import { taskDataSections, taskEraser } from '../modules/tasks/index.ts';
import { webhookEraser } from '../modules/webhooks/index.ts';
import type { Db } from '../db/client.ts';
import { problem } from '../lib/problems.ts';

/** Every domain's sections, in the order the bundle lists them. */
export const customerDataSources: CustomerDataSection[] = [
  ...customerDataSections,
  ...commerceDataSections,
  ...interactionDataSections,
  ...contractDataSections,
  ...complaintDataSections,
  ...surveyDataSections,
  ...feedbackDataSections,
  ...loyaltyDataSections,
  ...analyticsDataSections,
  ...churnDataSections,
  ...campaignDataSections,
  ...taskDataSections,
  ...notificationDataSections,
  ...eventDataSections,
  ...defectionDataSections,
  ...privacyDataSections,
  ...bondDataSections,
  ...bookDataSections,
  ...affinityDataSections,
];

/** Every domain's eraser. Order matters once: events before webhooks read nothing from each other. */
export const customerErasers: CustomerEraser[] = [
  customerEraser,
  interactionEraser,
  contractEraser,
  complaintEraser,
  surveyEraser,
  feedbackEraser,
  loyaltyEraser,
  analyticsEraser,
  kpisEraser,
  churnEraser,
  campaignEraser,
  taskEraser,
  notificationEraser,
  eventEraser,
  webhookEraser,
  defectionEraser,
  importEraser,
  privacyEraser,
  bondEraser,
  bookEraser,
  affinityEraser,
];

export type ExportFormat = 'json' | 'csv';
type Write = (chunk: string | Uint8Array) => Promise<void>;

/** A row as plain JSON values: dates as ISO text, money (bigint) as numbers. */
const plain = (row: DataRow): DataRow =>
  JSON.parse(JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))) as DataRow;

async function writeJson(deps: Deps, ref: { workspaceId: string; customerId: string }, write: Write) {
  const counts: Record<string, number> = {};
  await write(
    `{"format":"tenure.customer-export/1","customerId":${JSON.stringify(ref.customerId)},"exportedAt":${JSON.stringify(deps.now().toISOString())},"sections":{`,
  );
  let firstSection = true;
  for (const section of customerDataSources) {
    await write(`${firstSection ? '' : ','}${JSON.stringify(section.name)}:[`);
    firstSection = false;
    let n = 0;
    for await (const page of section.pages(deps.db, ref)) {
      await write(page.map((r) => `${n++ === 0 ? '' : ','}${JSON.stringify(plain(r))}`).join(''));
    }
    counts[section.name] = n;
    await write(']');
  }
  await write(`},"counts":${JSON.stringify(counts)}}\n`);
}

const cell = (v: unknown) =>
  v !== null && typeof v === 'object' && !(Array.isArray(v) && v.every((x) => typeof x !== 'object'))
    ? JSON.stringify(v)
    : v;

async function writeCsvZip(deps: Deps, ref: { workspaceId: string; customerId: string }, write: Write) {
  const pending: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failed = err;
    else pending.push(data);
  });
  const flush = async () => {
    if (failed) throw failed;
    while (pending.length) await write(pending.shift() as Uint8Array);
  };
  const enc = new TextEncoder();
  const counts: string[] = ['section,rows\r\n'];
  for (const section of customerDataSources) {
    const file = new ZipDeflate(`${section.name}.csv`, { level: 6 });
    zip.add(file);
    let columns: string[] | null = null;
    let n = 0;
    for await (const page of section.pages(deps.db, ref)) {
      const rows = page.map(plain);
      columns ??= Object.keys(rows[0] as DataRow);
      const header = n === 0 ? csvLine(columns) : '';
      n += rows.length;
      file.push(enc.encode(header + rows.map((r) => csvLine((columns as string[]).map((c) => cell(r[c])))).join('')));
      await flush();
    }
    file.push(new Uint8Array(0), true);
    counts.push(csvLine([section.name, n]));
    await flush();
  }
  const summary = new ZipDeflate('counts.csv', { level: 6 });
  zip.add(summary);
  summary.push(enc.encode(counts.join('')), true);
  zip.end();
  await flush();
}

/**
 * Streams everything Tenure keeps about one customer through `write`, and returns the SHA-256
 * of the bytes written (recorded on the request when the export answers one).
 */
export async function exportCustomerData(
  deps: Deps,
  input: { workspaceId: string; customerId: string; format: ExportFormat; requestId?: string },
  write: Write,
): Promise<string> {
  const hash = createHash('sha256');
  const hashed: Write = (chunk) => {
    hash.update(chunk);
    return write(chunk);
  };
  const ref = { workspaceId: input.workspaceId, customerId: input.customerId };
  if (input.format === 'json') await writeJson(deps, ref, hashed);
  else await writeCsvZip(deps, ref, hashed);
  const sha256 = hash.digest('hex');
  if (input.requestId) await recordExportHash(deps, input.workspaceId, input.requestId, sha256);
  return sha256;
}

/** Checks before a streamed export starts, so refusals are a clean 4xx and not a broken stream. */
export async function checkExport(deps: Deps, input: { workspaceId: string; customerId: string; requestId?: string }) {
  if (!(await customerExists(deps.db, input.workspaceId, input.customerId))) throw notFound('Customer');
  if (input.requestId) await assertRequestFor(deps, input.workspaceId, input.requestId, input.customerId);
}

/**
 * Where the audit trail meets erasure: earlier audit rows about the customer lose their before/after
 * values (the chain keeps their hashes, so it still verifies), and the erasure itself is recorded —
 * without personal data — in the same transaction.
 */
async function auditErasure(
  tx: Db,
  e: { workspaceId: string; customerId: string; needles: string[]; now: Date; erasers: string[] },
): Promise<void> {
  await redactCustomerInAudit(tx, e.workspaceId, e.customerId, { values: e.needles, now: e.now });
  await recordChange(tx, e.now, {
    workspaceId: e.workspaceId,
    action: 'customer.erase',
    entityType: 'customers',
    entityId: e.customerId,
    customerId: e.customerId,
    detail: { erasers: e.erasers },
  });
}

/** Anonymises the customer everywhere, once; 409 when already erased. */
export async function eraseCustomerData(
  deps: Deps,
  input: { workspaceId: string; customerId: string; requestId?: string },
  actor: PrivacyActor,
): Promise<ErasureDto> {
  const { workspaceId, customerId } = input;
  const request = input.requestId ? await assertRequestFor(deps, workspaceId, input.requestId, customerId) : undefined;
  if (request && request.kind !== 'erasure')
    throw new AppError('validation_failed', 'The request is not an erasure request', {
      fields: [{ path: 'requestId', ...problem('wrong_request_kind', { kind: request.kind }) }],
    });
  const now = deps.now();
  const names = customerErasers.map((e) => e.name);
  await deps.db.transaction(async (tx) => {
    const target = await lockCustomerForErasure(tx, workspaceId, customerId);
    if (!target) throw notFound('Customer');
    if (target.erasedAt) throw conflict('This customer’s personal data was already erased');
    const needles = [target.name, target.email, target.phone, ...target.otherEmails, ...target.otherPhones].filter(
      (n): n is string => typeof n === 'string' && n.length > 0,
    );
    const subject = { workspaceId, customerId, needles, now };
    for (const eraser of customerErasers) await eraser.erase(tx, subject);
    await auditErasure(tx, { workspaceId, customerId, needles, now, erasers: names });
    // Only the id leaves: receivers look the customer up in their own systems.
    await recordEvents(tx, deps, workspaceId, [
      { type: 'customer.erased', customerId, summary: 'personal data erased', payload: { customerId } },
    ]);
  });
  if (request) {
    if (request.status === 'received')
      await transitionPrivacyRequest(deps, workspaceId, request.id, { to: 'in_progress' }, actor);
    if (request.status === 'received' || request.status === 'in_progress')
      await transitionPrivacyRequest(
        deps,
        workspaceId,
        request.id,
        { to: 'completed', actions: `Personal data erased in: ${names.join(', ')}` },
        actor,
      );
  }
  return { customerId, erasedAt: now.toISOString(), erasers: names };
}
