// Owns the tokens of public links (complaint status pages, exit surveys): the workspace id
// (16 bytes) and 32 random bytes, base64url. The random part makes a token unguessable; the
// workspace part keys the lookup to one tenant (one shard). Only SHA-256 digests are stored.
import { createHash, randomBytes } from 'node:crypto';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function newPublicToken(workspaceId: string): { token: string; hash: string } {
  const ws = Buffer.from(workspaceId.replace(/-/g, ''), 'hex');
  const token = Buffer.concat([ws, randomBytes(32)]).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** The workspace named by a token, or undefined for anything that is not one of ours. */
export function workspaceOfToken(token: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{64}$/.test(token)) return undefined;
  const hex = Buffer.from(token, 'base64url').subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
