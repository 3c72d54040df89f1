// PGlite's result parsers, set up so that a Drizzle statement costs no copying. PGlite parses a
// result with its instance's parsers (~460, one per type it knows), and when a call brings parsers
// of its own — Drizzle's every call does: timestamps, dates and intervals as the text PostgreSQL
// sent — it first spreads the instance's into a new object: ~0.17 ms a statement, a tenth of a
// customer 360's CPU on PGlite. Here the instance's parsers are Drizzle's for those types from the
// start, so Drizzle's calls go without their own (same values, nothing copied), and the raw SQL
// function turns those columns into what PGlite's own parsers make of them (Dates), as before.
import { type PGlite, type QueryOptions, type Results, types } from '@electric-sql/pglite';

type Parser = (value: string, typeId: number) => unknown;

/** The types whose text Drizzle keeps (drizzle-orm/pglite/session.js): timestamp(tz), interval, date, their arrays, numeric[]. */
const KEPT_AS_TEXT = [
  types.TIMESTAMP,
  types.TIMESTAMPTZ,
  types.INTERVAL,
  types.DATE,
  1231, // numeric[]
  1115, // timestamp[]
  1185, // timestamptz[]
  1187, // interval[]
  1182, // date[]
];
const asText: Parser = (value) => value;
const PROBE = '2000-01-01 00:00:00+00';

/** Drizzle's parsers: exactly the types above, each answering the text it is given. Checked once per object. */
const drizzleLike = new WeakSet<object>();
function isDrizzleParsers(parsers: Record<number | string, Parser>): boolean {
  if (drizzleLike.has(parsers)) return true;
  const keys = Object.keys(parsers);
  const same =
    keys.length === KEPT_AS_TEXT.length &&
    KEPT_AS_TEXT.every((t) => typeof parsers[t] === 'function' && parsers[t](PROBE, t) === PROBE);
  if (same) drizzleLike.add(parsers);
  return same;
}

/** Instances whose parsers are Drizzle's. */
const setUp = new WeakSet<PGlite>();

/**
 * Options without Drizzle's parsers where they are the instance's own (`useDrizzleParsers`); any
 * other parsers, or another instance's, go through untouched.
 */
export function withoutDrizzleParsers(client: PGlite, options: QueryOptions | undefined): QueryOptions | undefined {
  if (!options?.parsers || !setUp.has(client) || !isDrizzleParsers(options.parsers as Record<number, Parser>))
    return options;
  const { parsers: _drizzle, ...rest } = options;
  return rest;
}

/**
 * Makes the instance's parsers Drizzle's and its `query`/`exec` drop Drizzle's per-call parsers.
 * Answers what turns a raw result's kept-as-text columns back into PGlite's own parse of them.
 */
export function useDrizzleParsers(client: PGlite): <T>(result: Results<T>) => Results<T> {
  const own = client.parsers as Record<number, Parser>;
  const original = new Map<number, Parser>();
  for (const t of KEPT_AS_TEXT) {
    const parser = own[t] ?? (types.parsers as Record<number, Parser>)[t];
    if (parser) original.set(t, parser);
    own[t] = asText;
  }
  setUp.add(client);
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  client.query = <T>(text: string, params?: unknown[], options?: QueryOptions) =>
    query<T>(text, params, withoutDrizzleParsers(client, options));
  client.exec = (text: string, options?: QueryOptions) => exec(text, withoutDrizzleParsers(client, options));

  return <T>(result: Results<T>) => {
    // The last field of a name holds the row's value under that name (rows are objects).
    const parse = new Map<string, [Parser, number]>();
    for (const f of result.fields) {
      const parser = original.get(f.dataTypeID);
      if (parser) parse.set(f.name, [parser, f.dataTypeID]);
      else parse.delete(f.name);
    }
    if (parse.size === 0) return result;
    for (const row of result.rows as Record<string, unknown>[])
      for (const [name, [parser, typeId]] of parse) {
        const value = row[name];
        if (typeof value === 'string') row[name] = parser(value, typeId);
      }
    return result;
  };
}
