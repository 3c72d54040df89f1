// Secrets at rest: webhook signing secrets and authenticator keys are stored sealed, never as
// given; `resealSecrets` seals old plain values and moves everything to a new first key.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { queryRows } from '../db/client.ts';
import { secretBox } from '../lib/sealed.ts';
import { resealSecrets } from './reseal-secrets.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const storedSecrets = async () =>
  (
    await queryRows<{ id: string; secret: string; secret_hint: string }>(
      t.deps.db,
      sql`select id, secret, secret_hint from webhook_endpoints`,
    )
  ).concat(
    (
      await queryRows<{ id: string; secret: string }>(t.deps.db, sql`select user_id as id, secret from second_factors`)
    ).map((r) => ({ ...r, secret_hint: '' })),
  );

test('secrets are stored sealed, and resealing moves plain and old-key values to the new first key', async () => {
  const ws = await t.workspace();
  const created = await t.request('POST', '/api/v1/webhooks', {
    token: ws.ownerToken,
    body: { url: 'https://hooks.example.com/tenure', eventTypes: ['*'] },
  });
  expect(created.status, created.text).toBe(201);
  const secret = created.body.secret as string;
  const { cookie } = await t.signIn(ws.ownerEmail, ws.password);
  const key = await t.request('POST', '/api/v1/auth/second-factor', { cookie });
  expect(key.status).toBe(201);

  const before = await storedSecrets();
  expect(before).toHaveLength(2);
  for (const row of before) expect(row.secret).toMatch(/^sealed:v1:/);
  const hook = before.find((r) => r.id === created.body.id);
  expect(hook?.secret).not.toContain(secret);
  expect(hook?.secret_hint).toBe(created.body.secretHint);
  expect(t.deps.config.secrets.open(hook?.secret as string)).toBe(secret);
  expect(t.deps.config.secrets.open(before.find((r) => r.id !== created.body.id)?.secret as string)).toBe(
    key.body.secret,
  );

  // A value from before sealing existed, kept in plain text.
  await t.deps.db.execute(sql`update webhook_endpoints set secret = ${secret} where id = ${created.body.id}`);
  const oldKey = createHash('sha256').update('tenure test secrets key').digest();
  const rotated = secretBox(() => [randomBytes(32), oldKey]);
  const counts = await resealSecrets({ ...t.deps, config: { secrets: rotated } });
  expect(counts).toEqual({ webhookSecrets: 1, authenticatorKeys: 1 });
  const after = await storedSecrets();
  for (const row of after) expect(rotated.isCurrent(row.secret)).toBe(true);
  expect(rotated.open(after.find((r) => r.id === created.body.id)?.secret as string)).toBe(secret);
  expect(rotated.open(after.find((r) => r.id !== created.body.id)?.secret as string)).toBe(key.body.secret);
  // Nothing left to do the second time.
  expect(await resealSecrets({ ...t.deps, config: { secrets: rotated } })).toEqual({
    webhookSecrets: 0,
    authenticatorKeys: 0,
  });
});
