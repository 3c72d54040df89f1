// Named (prepared) statements on both drivers. node-postgres prepares a Drizzle statement that has
// a name once per connection and from then on only binds values to it. PGlite's query() has no
// named statements: it parses and plans every call, in six calls into the engine. There the
// statement is parsed once per session as a protocol-level named statement, as node-postgres does,
// and each call sends Bind, Describe, Execute and Sync in one call into the engine: nothing parsed
// or planned again, and no SQL text per call — an EXECUTE with the values as literals, which this
// did before, had the engine parse that text and coerce each literal (~0.1–0.2 ms more a 360 on a
// 100,000-customer book; through query() the 360's statement took ~7 ms a call).
import { parse, PGlite, protocol, type QueryOptions, type Results } from '@electric-sql/pglite';
import type { Database, Db } from './client.ts';
import { withoutDrizzleParsers } from './pglite-parsers.ts';

/** `types`: the parameters' type ids, once the engine has parsed the statement. */
type Named = { name: string; ready?: Promise<number[] | null> };

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

/**
 * A raw statement with values (`executeSql(text, values)`) made a named statement on PGlite, as
 * `prepareNamed` makes Drizzle's; answers its text. The name must be unique per database.
 */
export function namedSql(database: Pick<Database, 'pglite'>, name: string, text: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a statement name: ${name}`);
  if (!database.pglite) return text;
  const byText = statementsOf(database.pglite);
  if (!byText.has(text)) byText.set(text, { name });
  return text;
}

const { serialize } = protocol;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Runs `fn` as query() and exec() do: after any open transaction of another caller (never inside
 * it) and alone on the engine.
 */
const exclusive = <T>(client: PGlite, fn: () => Promise<T>) =>
  client._runExclusiveTransaction(() => client._runExclusiveQuery(fn));

/** Parses the statement once in the session: its parameters' types, or null if the engine refuses it. */
async function parseOnce(client: PGlite, name: string, text: string): Promise<number[] | null> {
  try {
    const { messages } = await exclusive(client, () =>
      client.execProtocol(
        concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]),
      ),
    );
    return parse.parseDescribeStatementResults(messages);
  } catch {
    return null;
  }
}

/** The instance's named statements, its query() answering them by Bind/Execute from the first one on. */
function statementsOf(client: PGlite): Map<string, Named> {
  const known = named.get(client);
  if (known) return known;
  const byText = new Map<string, Named>();
  named.set(client, byText);
  const query = client.query.bind(client);
  const viaBind = async <T>(text: string, params: unknown[] | undefined, options: QueryOptions | undefined) => {
    const statement = byText.get(text);
    if (!statement) return query<T>(text, params, options);
    const types = await (statement.ready ??= parseOnce(client, statement.name, text));
    if (!types) return query<T>(text, params, options); // a text the engine refuses: every call as before
    // Values as query() sends them: through the serializer of the parameter's type, else as text.
    const values = (params ?? []).map((value, i) => {
      if (value === null || value === undefined) return null;
      const type = types[i] as number;
      const serializer = options?.serializers?.[type] ?? client.serializers[type];
      return serializer ? serializer(value) : String(value);
    });
    const { messages } = await exclusive(client, () =>
      client.execProtocol(
        concat([
          serialize.bind({ statement: statement.name, values }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ]),
      ),
    );
    return parse.parseResults(messages, client.parsers, withoutDrizzleParsers(client, options))[0] as Results<T>;
  };
  client.query = viaBind;
  return byText;
}
