// Named (prepared) statements on both drivers. node-postgres prepares a Drizzle statement that has
// a name once per connection and from then on only binds values to it. PGlite's query() has no
// named statements: it parses and plans every call, in six calls into the engine. There the
// statement is PREPAREd once in SQL, and a query with its text runs as EXECUTE with the values as
// literals — one call, nothing parsed or planned again (the 360's statement: ~7 ms a call
// through query(), ~1.5 ms as EXECUTE on a 100,000-customer book).
import { PGlite, type QueryOptions, type Results } from '@electric-sql/pglite';
import type { Db } from './client.ts';
import { sqlValue } from './literal.ts';

type Named = { name: string; ready?: Promise<unknown> };

/** Per PGlite instance (one session: its prepared statements live as long as it does), by statement text. */
const named = new WeakMap<PGlite, Map<string, Named>>();

/**
 * `prepare(name)` (Drizzle's `.prepare`), made a named statement on PGlite as well. The name must
 * be unique per database and a plain identifier.
 */
export function prepareNamed<P extends { getQuery(): { sql: string } }>(
  db: Db,
  prepare: (name: string) => P,
  name: string,
): P {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a statement name: ${name}`);
  const statement = prepare(name);
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof PGlite) statementsOf(client).set(statement.getQuery().sql, { name });
  return statement;
}

/** The instance's named statements, its query() answering them by EXECUTE from the first one on. */
function statementsOf(client: PGlite): Map<string, Named> {
  const known = named.get(client);
  if (known) return known;
  const byText = new Map<string, Named>();
  named.set(client, byText);
  const query = client.query.bind(client);
  const viaExecute = async <T>(text: string, params: unknown[] | undefined, options: QueryOptions | undefined) => {
    const statement = byText.get(text);
    if (!statement) return query<T>(text, params, options);
    let args: string;
    try {
      args = (params ?? []).map(sqlValue).join(', ');
    } catch {
      return query<T>(text, params, options); // a value with no plain literal: this call as before
    }
    try {
      statement.ready ??= client.exec(`prepare ${statement.name} as ${text}`);
      await statement.ready;
    } catch {
      byText.delete(text); // a text PREPARE refuses: every call as before
      return query<T>(text, params, options);
    }
    const results = await client.exec(`execute ${statement.name}${args ? `(${args})` : ''}`, options);
    return results.at(-1) as Results<T>;
  };
  client.query = viaExecute;
  return byText;
}
