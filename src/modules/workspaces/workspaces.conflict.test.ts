// Repositories answer 'conflict' from a real unique violation (PGlite and PostgreSQL), name the
// constraint they mean, and let every other failure through untouched.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { updateWorkspaceRow } from './workspaces.repository.ts';
import { isCheckViolation, isForeignKeyViolation, isUniqueViolation, onConflict } from '../../db/errors.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: unknown) => err,
  );

describe('database errors as values', () => {
  test('a unique violation is told by its constraint; other failures are not conflicts', async () => {
    const a = await t.workspace('Alpha');
    const b = await t.workspace('Beta');
    const [{ slug }] = (await t.deps.database.executeSql(`select slug from workspaces where id = '${a.id}'`)).rows as {
      slug: string;
    }[];
    expect(await updateWorkspaceRow(t.deps.db, b.id, { slug })).toBe('conflict');
    const err = await failure(t.deps.db.execute(sql`update workspaces set slug = ${slug} where id = ${b.id}`));
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(err, 'workspaces_slug_key')).toBe(true);
    expect(isUniqueViolation(err, 'customers_external_id_key')).toBe(false);
    expect(isForeignKeyViolation(err) || isCheckViolation(err)).toBe(false);
    // Absent is not a conflict.
    expect(
      await updateWorkspaceRow(t.deps.db, '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11', { slug: 'free' }),
    ).toBeUndefined();

    const other = await failure(onConflict(() => t.deps.db.execute(sql`select 1 / 0`)));
    expect(other).toBeInstanceOf(Error);
    expect(isUniqueViolation(other)).toBe(false);
    expect(isUniqueViolation(new Error('duplicate key value violates unique constraint "x" 23505'))).toBe(false);
  });

  test('renaming a complaint team onto a taken name (any case) is a 409; a free name is taken', async () => {
    const ws = await t.workspace('Teams');
    const call = (method: string, path: string, body?: unknown) =>
      t.request(method, `/api/v1${path}`, { token: ws.ownerToken, body });
    await call('POST', '/complaint-teams', { name: 'Billing' });
    const other = (await call('POST', '/complaint-teams', { name: 'Returns' })).body;
    const taken = await call('PATCH', `/complaint-teams/${other.id}`, { name: 'billing' });
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toBe('A team named "billing" already exists');
    expect((await call('PATCH', `/complaint-teams/${other.id}`, { name: 'Refunds' })).body.name).toBe('Refunds');
  });
});
