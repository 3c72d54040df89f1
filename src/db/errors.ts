// Owns reading what a failed write says about the data: the constraint it broke. Repositories
// turn that into a value ('conflict', undefined for absent) so services never look at driver
// codes or message text; anything else (a lost connection, a bug) is thrown on unchanged.
// Works on PGlite and node-postgres alike (both carry PostgreSQL's SQLSTATE and constraint
// name, Drizzle wraps them in `cause`).

type PgError = { code?: unknown; constraint?: unknown };

function pgError(err: unknown): PgError | undefined {
  let e = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    if (typeof (e as PgError).code === 'string' && /^[0-9A-Z]{5}$/.test((e as PgError).code as string))
      return e as PgError;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

const violated = (sqlstate: string) => (err: unknown, constraint?: string) => {
  const e = pgError(err);
  return e?.code === sqlstate && (constraint === undefined || e.constraint === constraint);
};

/** A unique index or constraint (on `constraint`, when named) refused the write. */
export const isUniqueViolation = violated('23505');
/** A foreign key (on `constraint`, when named) refused the write: what it references is absent. */
export const isForeignKeyViolation = violated('23503');
/** A check constraint, or a trigger raising `check_violation` with that constraint name. */
export const isCheckViolation = violated('23514');

/**
 * Runs a write; a unique violation (on `constraint`, when named) comes back as 'conflict'.
 * For writes that cannot say ON CONFLICT DO NOTHING (an UPDATE onto a taken key).
 */
export async function onConflict<T>(write: () => Promise<T>, constraint?: string): Promise<T | 'conflict'> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, constraint)) return 'conflict';
    throw err;
  }
}
