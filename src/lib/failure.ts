// Owns turning an error into text that may be stored and shown to the workspace's admins (a job's
// failed item): the root cause's own message, never a query wrapper's (Drizzle's quotes the SQL
// and every parameter, i.e. other people's data), PostgreSQL's SQLSTATE when there is one,
// credentials in URLs or key=value pairs blanked, and a bounded length. The full error goes to
// the server log, not here.

const MAX = 500;

const rootCause = (err: unknown): unknown => {
  let e = err;
  for (let depth = 0; depth < 10 && e instanceof Error && e.cause !== undefined && e.cause !== null; depth++)
    e = e.cause;
  return e;
};
const codeOf = (e: unknown): string | undefined =>
  typeof (e as { code?: unknown } | null)?.code === 'string' ? (e as { code: string }).code : undefined;

export function failureText(err: unknown, max = MAX): string {
  const e = rootCause(err);
  const code = codeOf(e);
  const name = e instanceof Error && e.name !== 'Error' && !code ? `${e.name}: ` : '';
  const message = (e instanceof Error ? e.message : String(e)).split(/\n\s*params:/)[0];
  const text = `${name}${message}${code && /^[0-9A-Z]{5}$/.test(code) ? ` (SQLSTATE ${code})` : ''}`
    .replace(/(\w+:\/\/)[^\s/@:]+:[^\s/@]*@/g, '$1***@')
    .replace(/\b(password|passwd|secret|token|api[_-]?key)(\s*[=:]\s*)\S+/gi, '$1$2***');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Whether an error says nothing about the item being worked on: the connection (SQLSTATE class
 * 08, or a socket error), a deadlock or serialization conflict (40), the server out of resources
 * (53), cancelling or shutting down (57014, 57P). Trying again later cures those, so a job must
 * not set an item aside for one.
 */
export function isTransient(err: unknown): boolean {
  const e = rootCause(err);
  const code = codeOf(e) ?? '';
  if (/^(08|40|53|57P)|^57014$/.test(code)) return true;
  if (/^E(CONNRESET|CONNREFUSED|CONNABORTED|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN)$/.test(code)) return true;
  return (
    e instanceof Error &&
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(e.message)
  );
}
