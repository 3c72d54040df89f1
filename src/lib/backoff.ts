// Owns retry delays: exponential backoff with jitter, so failing receivers are not hammered
// and many retries scheduled together spread out instead of arriving in one burst.

/**
 * Delay before attempt `attempt + 1` after `attempt` failures: base · 2^(attempt−1), capped,
 * then scaled by a random factor in [0.5, 1) ("equal jitter"). `random` is injected.
 */
export function backoffMs(attempt: number, options: { baseMs: number; capMs?: number; random: () => number }): number {
  const cap = options.capMs ?? 6 * 3_600_000;
  const exponential = Math.min(cap, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + options.random() * 0.5));
}
