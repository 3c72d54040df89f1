// The auth domain's declared cross-domain surface over its tables: the housekeeping job's purge
// and resealing stored authenticator keys (src/workflows/reseal-secrets.ts).
import { eq, sql } from 'drizzle-orm';
import { resealEach, type SecretBox } from '../../lib/sealed.ts';
import { type Db, execCount } from '../../db/client.ts';
import { purgePasswordResets } from './auth.reset.repository.ts';
import { loginFailures, secondFactors, sessions } from './auth.schema.ts';

/**
 * Deletes expired sessions, and stale login failures and password-reset requests (older than
 * `failuresBefore`), at most `limit` of each; returns counts.
 */
export async function purgeExpired(
  db: Db,
  now: Date,
  failuresBefore: Date,
  limit: number,
): Promise<{ sessions: number; failures: number; passwordResets: number }> {
  const removedSessions = await execCount(
    db,
    sql`
    delete from ${sessions} where ${sessions.tokenHash} in (
      select ${sessions.tokenHash} from ${sessions} where ${sessions.expiresAt} < ${now} limit ${limit})`,
  );
  const removedFailures = await execCount(
    db,
    sql`
    delete from ${loginFailures} where ${loginFailures.id} in (
      select ${loginFailures.id} from ${loginFailures} where ${loginFailures.at} < ${failuresBefore} limit ${limit})`,
  );
  const passwordResets = await purgePasswordResets(db, failuresBefore, limit);
  return { sessions: removedSessions, failures: removedFailures, passwordResets };
}

/** Seals every authenticator key with the current key (plain ones and ones under an older key); how many changed. */
export async function resealSecondFactors(db: Db, box: SecretBox): Promise<number> {
  const rows = await db.select({ userId: secondFactors.userId, secret: secondFactors.secret }).from(secondFactors);
  return resealEach(rows, box, (row, secret) =>
    db.update(secondFactors).set({ secret }).where(eq(secondFactors.userId, row.userId)),
  );
}
