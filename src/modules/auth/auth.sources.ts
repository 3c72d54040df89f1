// The auth domain's declared cross-domain surface over its tables: the housekeeping job's purge.
import { sql } from 'drizzle-orm';
import { type Db, execCount } from '../../db/client.ts';
import { purgePasswordResets } from './auth.reset.repository.ts';
import { loginFailures, sessions } from './auth.schema.ts';

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
