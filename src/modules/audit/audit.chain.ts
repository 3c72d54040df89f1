// Owns the hash chain's arithmetic, pure: canonical JSON, the hash of a row's detail and of the
// row itself. hash = SHA-256(prev_hash || canonical JSON of the row's fields with detail_hash);
// the detail itself stays outside, so erasure can redact it without breaking the chain.
import { createHash } from 'node:crypto';

/** The prev_hash of a workspace's first row. */
export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every depth and no whitespace: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Most rows (reads, request outcomes) have no detail: its hash is computed once. */
const NO_DETAIL_HASH = sha256(canonicalJson(null));

export const detailHashOf = (detail: Record<string, unknown> | null): string =>
  detail === null ? NO_DETAIL_HASH : sha256(canonicalJson(detail));

/** The fields the chain covers (everything but detail, redacted_at and the hashes themselves). */
export type ChainedFields = {
  workspaceId: string;
  id: string;
  seq: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  ip: string | null;
  userAgent: string | null;
  method: string | null;
  route: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  customerId: string | null;
  requestId: string | null;
  status: number | null;
  detailHash: string;
};

export function rowHash(prevHash: string, f: ChainedFields): string {
  return sha256(
    prevHash +
      canonicalJson({
        workspaceId: f.workspaceId,
        id: f.id,
        seq: f.seq,
        at: f.at.toISOString(),
        actorType: f.actorType,
        actorId: f.actorId,
        ip: f.ip,
        userAgent: f.userAgent,
        method: f.method,
        route: f.route,
        action: f.action,
        entityType: f.entityType,
        entityId: f.entityId,
        customerId: f.customerId,
        requestId: f.requestId,
        status: f.status,
        detailHash: f.detailHash,
      }),
  );
}

/** A chain's end: its last seq and that row's hash (or the anchor's, or the start). */
export type ChainEnd = { seq: number; hash: string };

/** Numbers and links `rows` after `end`, in their order: the rows as stored, and the new end. */
export function extendChain<R extends Omit<ChainedFields, 'seq'>>(
  end: ChainEnd,
  rows: R[],
): { rows: (R & { seq: number; prevHash: string; hash: string })[]; end: ChainEnd } {
  let last = end;
  const linked = rows.map((row) => {
    const seq = last.seq + 1;
    const hash = rowHash(last.hash, { ...row, seq });
    const next = { ...row, seq, prevHash: last.hash, hash };
    last = { seq, hash };
    return next;
  });
  return { rows: linked, end: last };
}

/** What erasure leaves in place of a row's detail. */
export const REDACTED = { redacted: true } as const;

export type Break = { seq: number; reason: 'missing' | 'prev_hash' | 'hash' | 'detail' };

/**
 * Checks rows (in seq order) continuing a chain that ends at `expected`: the first break, or
 * the new end. A redacted row passes on its detail (only its stored detail_hash is chained).
 */
export function checkRows(
  rows: (ChainedFields & {
    prevHash: string;
    hash: string;
    detail: Record<string, unknown> | null;
    redactedAt: Date | null;
  })[],
  expected: { seq: number; hash: string },
): { broken: Break } | { end: { seq: number; hash: string } } {
  let { seq, hash } = expected;
  for (const r of rows) {
    if (r.seq !== seq + 1) return { broken: { seq: seq + 1, reason: 'missing' } };
    if (r.prevHash !== hash) return { broken: { seq: r.seq, reason: 'prev_hash' } };
    if (rowHash(r.prevHash, r) !== r.hash) return { broken: { seq: r.seq, reason: 'hash' } };
    const detailOk =
      r.redactedAt === null
        ? detailHashOf(r.detail) === r.detailHash
        : canonicalJson(r.detail) === canonicalJson(REDACTED);
    if (!detailOk) return { broken: { seq: r.seq, reason: 'detail' } };
    seq = r.seq;
    hash = r.hash;
  }
  return { end: { seq, hash } };
}
