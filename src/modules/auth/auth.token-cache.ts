// Owns a short-lived, in-process memory of API tokens that authenticated: digest → the token's row
// and its creator's role then, so a busy integration's requests skip the two lookups (token, then
// the creator's memberships) that every request otherwise makes. What keeps it correct:
// - in this process, revoking a token, changing a member's role or removing a member forgets
//   everything at once (after the change commits), and a lookup that began before that never
//   stores what it read;
// - a change made elsewhere (another API process, the CLI, SQL by hand) applies within
//   TOKEN_CACHE_TTL_MS: an entry is trusted that long after it was read, then read again;
// - expiry is checked against the clock at each use; only successes are kept (an unknown,
//   revoked or expired token is looked up every time).
import type { Db } from '../../db/client.ts';
import { onMembershipChange, type Role } from '../users/index.ts';
import type { ApiTokenRow } from './auth.repository.ts';

/** How long a change made by another process may take to reach this one (docs/architecture.md). */
export const TOKEN_CACHE_TTL_MS = 5_000;
/** Beyond this many tokens the oldest entry is dropped (a bound on memory, not a tuning knob). */
const MAX_ENTRIES = 10_000;

export type CachedToken = {
  row: ApiTokenRow;
  /** The creator's role in the token's workspace when read (null: the token has no creator). */
  creatorRole: Role | null;
};

type Entry = CachedToken & { readAt: number; generation: number };

/** Bumped by every forget: an entry or a lookup of an older generation is not trusted. */
let generation = 0;
/** Per database (tests open many in one process). */
let caches = new WeakMap<Db, Map<string, Entry>>();

/** Forgets every token in every database (a token was revoked, a membership changed). */
export function forgetTokens(): void {
  generation += 1;
  caches = new WeakMap();
}

onMembershipChange(forgetTokens);

/** The token's entry if it was read less than the TTL ago and nothing changed since. */
export function cachedToken(db: Db, digest: string): CachedToken | undefined {
  const entry = caches.get(db)?.get(digest);
  if (!entry) return undefined;
  if (entry.generation !== generation || performance.now() - entry.readAt > TOKEN_CACHE_TTL_MS) {
    caches.get(db)?.delete(digest);
    return undefined;
  }
  return entry;
}

/** Starts a lookup: its `keep` stores the result unless something was forgotten meanwhile. */
export function tokenLookup(db: Db, digest: string) {
  const started = generation;
  const readAt = performance.now();
  return {
    keep(found: CachedToken) {
      if (started !== generation) return;
      let cache = caches.get(db);
      if (!cache) caches.set(db, (cache = new Map()));
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
      cache.set(digest, { ...found, readAt, generation: started });
    },
  };
}
