// Consents and their history: SQL of the customers domain (the current answer per channel and
// purpose, and every change with who made it).
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { consentChanges, customerConsents } from './customers.schema.ts';
export async function listConsentRows(db: Db, workspaceId: string, customerId: string) {
  return db
    .select()
    .from(customerConsents)
    .where(and(eq(customerConsents.workspaceId, workspaceId), eq(customerConsents.customerId, customerId)))
    .orderBy(asc(customerConsents.channel), asc(customerConsents.purpose));
}

export async function upsertConsent(db: Db, row: typeof customerConsents.$inferInsert): Promise<void> {
  await db
    .insert(customerConsents)
    .values(row)
    .onConflictDoUpdate({
      target: [
        customerConsents.workspaceId,
        customerConsents.customerId,
        customerConsents.channel,
        customerConsents.purpose,
      ],
      set: { granted: row.granted, source: row.source, changedAt: row.changedAt },
    });
}

export async function insertConsentChange(db: Db, row: typeof consentChanges.$inferInsert): Promise<void> {
  await db.insert(consentChanges).values(row);
}

export async function listConsentChangeRows(db: Db, workspaceId: string, customerId: string, limit = 500) {
  return db
    .select()
    .from(consentChanges)
    .where(and(eq(consentChanges.workspaceId, workspaceId), eq(consentChanges.customerId, customerId)))
    .orderBy(desc(consentChanges.changedAt), desc(consentChanges.id))
    .limit(limit);
}

export async function consentGranted(
  db: Db,
  workspaceId: string,
  customerId: string,
  channel: string,
  purpose: string,
): Promise<boolean> {
  const [row] = await db
    .select({ granted: customerConsents.granted })
    .from(customerConsents)
    .where(
      and(
        eq(customerConsents.workspaceId, workspaceId),
        eq(customerConsents.customerId, customerId),
        eq(customerConsents.channel, channel),
        eq(customerConsents.purpose, purpose),
      ),
    );
  return row?.granted ?? false;
}

/** The channels each of `customerIds` currently consents to for `purpose` (no record = no). */
export async function grantedChannels(
  db: Db,
  workspaceId: string,
  customerIds: string[],
  purpose: string,
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (customerIds.length === 0) return out;
  const rows = await db
    .select({ customerId: customerConsents.customerId, channel: customerConsents.channel })
    .from(customerConsents)
    .where(
      and(
        eq(customerConsents.workspaceId, workspaceId),
        inArray(customerConsents.customerId, customerIds),
        eq(customerConsents.purpose, purpose),
        eq(customerConsents.granted, true),
      ),
    );
  for (const r of rows) out.set(r.customerId, (out.get(r.customerId) ?? new Set()).add(r.channel));
  return out;
}
