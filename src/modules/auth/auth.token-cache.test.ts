// The memory of API tokens (auth.token-cache.ts): a change this process makes applies at once
// (test/auth.test.ts and test/people.test.ts: revoke, demote, remove); one it cannot see (another
// process, SQL by hand) applies within the TTL and never later; a lookup racing a change keeps nothing.
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { digest } from './secrets.ts';
import { cachedToken, forgetTokens, TOKEN_CACHE_TTL_MS, tokenLookup } from './auth.token-cache.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => vi.restoreAllMocks());

const me = (token: string) => t.request('GET', '/api/v1/auth/me', { token });

/** Moves the cache's clock on by `ms` from now. */
function later(ms: number) {
  const at = performance.now() + ms;
  vi.spyOn(performance, 'now').mockReturnValue(at);
}

describe('a change made outside this process', () => {
  test('a token revoked by SQL stops within the TTL', async () => {
    const ws = await t.workspace();
    const token = await ws.token('agent');
    expect((await me(token)).status).toBe(200);
    await t.deps.db.execute(sql`update api_tokens set revoked_at = now() where token_hash = ${digest(token)}`);
    // Still remembered (the bound is stated in docs/architecture.md) …
    expect((await me(token)).status).toBe(200);
    // … but not once the TTL has passed.
    later(TOKEN_CACHE_TTL_MS + 1);
    const refused = await me(token);
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/revoked/);
  });

  test("a creator's role changed by SQL narrows their token within the TTL", async () => {
    const ws = await t.workspace();
    const admin = await ws.member('admin');
    const { cookie } = await t.signIn(admin.email, admin.password);
    const made = await t.request('POST', '/api/v1/tokens', { cookie, body: { name: 'sync', role: 'admin' } });
    const token = made.body.token as string;
    expect((await me(token)).body.role).toBe('admin');
    await t.deps.db.execute(
      sql`update memberships set role = 'agent' where workspace_id = ${ws.id} and user_id = ${admin.id}`,
    );
    later(TOKEN_CACHE_TTL_MS + 1);
    expect((await me(token)).body.role).toBe('agent');
  });
});

test('a lookup that began before a change does not keep what it read', async () => {
  const ws = await t.workspace();
  const token = await ws.token('agent');
  forgetTokens();
  const hash = digest(token);
  const lookup = tokenLookup(t.deps.db, hash);
  const row = {};
  forgetTokens();
  lookup.keep({ row: row as never, creatorRole: null });
  expect(cachedToken(t.deps.db, hash)).toBeUndefined();
  // Without a change in between, it is kept.
  tokenLookup(t.deps.db, hash).keep({ row: row as never, creatorRole: null });
  expect(cachedToken(t.deps.db, hash)).toBeDefined();
  forgetTokens();
});
