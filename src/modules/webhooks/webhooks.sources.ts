// The webhooks domain's declared cross-domain surface: resealing its stored signing secrets
// (the secrets workflow, src/workflows/reseal-secrets.ts).
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { resealEach, type SecretBox } from '../../lib/sealed.ts';
import { webhookEndpoints } from './webhooks.schema.ts';

/** Seals every signing secret with the current key (plain ones and ones under an older key); how many changed. */
export async function resealWebhookSecrets(db: Db, box: SecretBox): Promise<number> {
  const rows = await db
    .select({ workspaceId: webhookEndpoints.workspaceId, id: webhookEndpoints.id, secret: webhookEndpoints.secret })
    .from(webhookEndpoints);
  return resealEach(rows, box, (row, secret) =>
    db
      .update(webhookEndpoints)
      .set({ secret })
      .where(sql`${eq(webhookEndpoints.workspaceId, row.workspaceId)} and ${eq(webhookEndpoints.id, row.id)}`),
  );
}
