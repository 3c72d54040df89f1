// Sign-in, sessions, API tokens and the rules around roles, through the real HTTP layer.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { addMember, hashPassword } from '../src/modules/users/index.ts';
import { createWorkspaceWithOwner } from '../src/workflows/create-workspace.ts';
import { createTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('password sign-in', () => {
  test('sets an httpOnly SameSite=Lax cookie that opens the workspace; logout ends it', async () => {
    const ws = await t.workspace();
    const { res, cookie } = await t.signIn(ws.ownerEmail, ws.password);
    expect(res.status).toBe(200);
    expect(res.body.workspace.id).toBe(ws.id);
    expect(res.body.role).toBe('owner');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const me = await t.request('GET', '/api/v1/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(ws.ownerEmail);

    expect((await t.request('POST', '/api/v1/auth/logout', { cookie })).status).toBe(204);
    const after = await t.request('GET', '/api/v1/auth/me', { cookie });
    expect(after.status).toBe(401);
    expect(after.body.detail).toMatch(/session has ended/);
  });

  test('an expired session is refused', async () => {
    const ws = await t.workspace();
    const { cookie } = await t.signIn(ws.ownerEmail, ws.password);
    t.clock.advance((t.config.sessionTtlHours + 1) * 3_600_000);
    try {
      expect((await t.request('GET', '/api/v1/auth/me', { cookie })).status).toBe(401);
    } finally {
      t.clock.set(new Date());
    }
  });

  test('passwords are stored as Argon2id and sessions only as digests', async () => {
    const ws = await t.workspace();
    const { cookie } = await t.signIn(ws.ownerEmail, ws.password);
    const secret = cookie.split('=')[1];
    const users = await queryRows(t.deps.db, sql`select password_hash from users where email = ${ws.ownerEmail}`);
    expect(String(users[0].password_hash)).toMatch(/^\$argon2id\$/);
    const sessions = await queryRows(
      t.deps.db,
      sql`select token_hash from sessions where token_hash = ${createHash('sha256').update(secret).digest('hex')}`,
    );
    expect(sessions).toHaveLength(1);
    const plain = await queryRows(t.deps.db, sql`select count(*)::int as n from sessions where token_hash = ${secret}`);
    expect(plain[0].n).toBe(0);
  });

  test('wrong password and unknown account get the same 401', async () => {
    const ws = await t.workspace();
    const wrong = await t.signIn(ws.ownerEmail, 'not-the-password');
    const unknown = await t.signIn('nobody-here@example.com', 'whatever-password');
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    expect(wrong.res.body.detail).toBe(unknown.res.body.detail);
    expect(wrong.cookie).toBe('');
  });

  test('a stranger failing from other addresses never keeps the owner out of their own address', async () => {
    const ws = await t.workspace();
    const login = (password: string, ip: string) =>
      t.request('POST', '/api/v1/auth/login', {
        body: { email: ws.ownerEmail, password },
        headers: { 'x-forwarded-for': ip },
      });
    // Far more failures than the old account-wide lock allowed, from a few addresses.
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      for (let i = 0; i < t.config.login.failuresBeforeBackoff; i++)
        expect((await login('bad-password-x', ip)).status).toBe(401);
      expect((await login('bad-password-x', ip)).status).toBe(429);
    }
    expect((await login(ws.password, '198.51.100.7')).status).toBe(200);
    // The attacker's own address still waits, even with the right password.
    expect((await login(ws.password, '203.0.113.1')).status).toBe(429);
  });

  test('after the free failures one (account, address) waits base × 2^k, capped, told by Retry-After', async () => {
    const ws = await t.workspace();
    const { failuresBeforeBackoff, backoffBaseSeconds, backoffMaxMinutes } = t.config.login;
    const ip = '203.0.113.50';
    const login = (password: string, from = ip) =>
      t.request('POST', '/api/v1/auth/login', {
        body: { email: ws.ownerEmail, password },
        headers: { 'x-forwarded-for': from },
      });
    try {
      for (let i = 0; i < failuresBeforeBackoff; i++) expect((await login('bad-password-x')).status).toBe(401);
      const waits: number[] = [];
      for (let k = 0; k < 6; k++) {
        const held = await login(ws.password);
        expect(held.status).toBe(429);
        expect(held.body.code).toBe('rate_limited');
        const wait = Number(held.headers.get('retry-after'));
        waits.push(wait);
        t.clock.advance(wait * 1000 - 1000);
        expect((await login('bad-password-x')).status, 'one second early').toBe(429);
        t.clock.advance(1000);
        expect((await login('bad-password-x')).status).toBe(401);
      }
      const cap = backoffMaxMinutes * 60;
      expect(waits).toEqual([0, 1, 2, 3, 4, 5].map((k) => Math.min(cap, backoffBaseSeconds * 2 ** k)));
      expect(waits.at(-1)).toBe(cap);
      // Another address is not slowed down by this one; a success forgives the pair.
      expect((await login(ws.password, '203.0.113.51')).status).toBe(200);
      t.clock.advance(cap * 1000);
      expect((await login(ws.password)).status).toBe(200);
      expect((await login('bad-password-x')).status).toBe(401);
    } finally {
      t.clock.set(new Date());
    }
  });

  test('one address guessing across many accounts is limited too', async () => {
    const max = t.config.login.maxFailuresPerIp;
    const ip = '192.0.2.77';
    for (let i = 0; i < max; i++) {
      const r = await t.request('POST', '/api/v1/auth/login', {
        body: { email: `guess-${i}@example.com`, password: 'guess-password' },
        headers: { 'x-forwarded-for': ip },
      });
      expect(r.status).toBe(401);
    }
    const ws = await t.workspace();
    const blocked = await t.request('POST', '/api/v1/auth/login', {
      body: { email: ws.ownerEmail, password: ws.password },
      headers: { 'x-forwarded-for': ip },
    });
    expect(blocked.status).toBe(429);
    const elsewhere = await t.request('POST', '/api/v1/auth/login', {
      body: { email: ws.ownerEmail, password: ws.password },
      headers: { 'x-forwarded-for': '192.0.2.78' },
    });
    expect(elsewhere.status).toBe(200);
  });

  test('a person in two workspaces can switch, and only into their own', async () => {
    const a = await t.workspace('Switch A');
    const b = await t.workspace('Switch B');
    const person = await a.member('agent');
    const invited = await t.request('POST', '/api/v1/invitations', {
      token: b.ownerToken,
      body: { email: person.email, role: 'manager' },
    });
    expect(
      (
        await t.request('POST', '/api/v1/auth/invitations/accept', {
          body: { token: invited.body.token, password: person.password },
        })
      ).status,
    ).toBe(200);
    const { cookie, res } = await t.signIn(person.email, person.password, { workspaceId: a.id });
    expect(res.body.workspaces.map((w: { id: string }) => w.id).sort()).toEqual([a.id, b.id].sort());
    const switched = await t.request('POST', '/api/v1/auth/switch', { cookie, body: { workspaceId: b.id } });
    expect(switched.status).toBe(200);
    expect(switched.body.role).toBe('manager');
    expect((await t.request('GET', '/api/v1/workspace', { cookie })).body.id).toBe(b.id);
    const other = await t.workspace('Not mine');
    expect((await t.request('POST', '/api/v1/auth/switch', { cookie, body: { workspaceId: other.id } })).status).toBe(
      404,
    );
  });
});

describe('API tokens', () => {
  test('are shown once, stored as digests, bound to their workspace and role', async () => {
    const ws = await t.workspace();
    const created = await t.request('POST', '/api/v1/tokens', {
      token: ws.ownerToken,
      body: { name: 'ERP sync', role: 'analyst' },
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^tnr_/);
    const list = await t.request('GET', '/api/v1/tokens', { token: ws.ownerToken });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    const me = await t.request('GET', '/api/v1/auth/me', { token: created.body.token });
    expect(me.body).toMatchObject({ via: 'token', role: 'analyst', user: null, workspace: { id: ws.id } });
  });

  test('revoked, expired, unknown and malformed tokens are refused', async () => {
    const ws = await t.workspace();
    const a = (
      await t.request('POST', '/api/v1/tokens', { token: ws.ownerToken, body: { name: 'to revoke', role: 'agent' } })
    ).body;
    expect((await t.request('GET', '/api/v1/auth/me', { token: a.token })).status).toBe(200);
    const revoked = await t.request('DELETE', `/api/v1/tokens/${a.id}`, { token: ws.ownerToken });
    expect(revoked.body.revokedAt).toBeTruthy();
    const refused = await t.request('GET', '/api/v1/auth/me', { token: a.token });
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/revoked/);

    const expiresAt = new Date(t.clock.now().getTime() + 60_000).toISOString();
    const b = (
      await t.request('POST', '/api/v1/tokens', {
        token: ws.ownerToken,
        body: { name: 'short', role: 'agent', expiresAt },
      })
    ).body;
    expect((await t.request('GET', '/api/v1/auth/me', { token: b.token })).status).toBe(200);
    t.clock.advance(120_000);
    try {
      const expired = await t.request('GET', '/api/v1/auth/me', { token: b.token });
      expect(expired.status).toBe(401);
      expect(expired.body.detail).toMatch(/expired/);
    } finally {
      t.clock.set(new Date());
    }
    expect((await t.request('GET', '/api/v1/auth/me', { token: 'tnr_nope' })).status).toBe(401);
    expect((await t.request('GET', '/api/v1/auth/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    const past = await t.request('POST', '/api/v1/tokens', {
      token: ws.ownerToken,
      body: { name: 'past', role: 'agent', expiresAt: '2001-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(422);
  });

  test('an admin may not mint owner tokens or touch owners', async () => {
    const ws = await t.workspace();
    const admin = await ws.token('admin');
    const owner = await t.request('POST', '/api/v1/tokens', { token: admin, body: { name: 'x', role: 'owner' } });
    expect(owner.status).toBe(403);
    const demote = await t.request('PATCH', `/api/v1/users/${ws.ownerId}`, { token: admin, body: { role: 'agent' } });
    expect(demote.status).toBe(403);
    expect((await t.request('GET', `/api/v1/users/${ws.ownerId}`, { token: admin })).body.role).toBe('owner');
  });
});

describe('members and roles', () => {
  test('a role change applies to an open session at once; removal ends access', async () => {
    const ws = await t.workspace();
    const person = await ws.member('manager');
    const { cookie } = await t.signIn(person.email, person.password);
    expect((await t.request('GET', '/api/v1/users', { cookie })).status).toBe(200);
    await t.request('PATCH', `/api/v1/users/${person.id}`, { token: ws.ownerToken, body: { role: 'agent' } });
    expect((await t.request('GET', '/api/v1/users', { cookie })).status).toBe(403);
    expect((await t.request('DELETE', `/api/v1/users/${person.id}`, { token: ws.ownerToken })).status).toBe(204);
    expect((await t.request('GET', '/api/v1/auth/me', { cookie })).status).toBe(401);
  });

  test('the last owner cannot be demoted or removed; inviting a member conflicts', async () => {
    const ws = await t.workspace();
    const demote = await t.request('PATCH', `/api/v1/users/${ws.ownerId}`, {
      token: ws.ownerToken,
      body: { role: 'admin' },
    });
    expect(demote.status).toBe(409);
    expect((await t.request('DELETE', `/api/v1/users/${ws.ownerId}`, { token: ws.ownerToken })).status).toBe(409);
    const member = await ws.member('agent');
    expect(
      (
        await t.request('POST', '/api/v1/invitations', {
          token: ws.ownerToken,
          body: { email: member.email.toUpperCase(), role: 'manager' },
        })
      ).status,
    ).toBe(409);
  });

  test('a new password that is trivially guessed is refused, with the reason, wherever it is set', async () => {
    const ws = await t.workspace();
    // A person new to Tenure chooses their password when accepting an invitation.
    const invited = await t.request('POST', '/api/v1/invitations', {
      token: ws.ownerToken,
      body: { email: 'rcosta@example.com', role: 'agent' },
    });
    expect(invited.status).toBe(201);
    const token = String(invited.body.acceptUrl).split('#')[1];
    const add = (_email: string, password: string) =>
      t.request('POST', '/api/v1/auth/invitations/accept', { body: { token, name: 'Rui Costa', password } });
    for (const [password, reason, code] of [
      ['          ', /only spaces/, 'password_spaces'],
      ['1234567890', /sequence/, 'password_sequence'],
      ['Password2024!', /most common/, 'password_common'],
      ['rcosta@example.com', /your email/, 'password_email'],
      ['rcosta2024', /your email/, 'password_email'],
      ['Rui Costa 77', /your name/, 'password_name'],
    ] as const) {
      const res = await add('rcosta@example.com', password);
      expect(res.status, password).toBe(422);
      expect(res.body.errors, password).toEqual([{ path: 'password', code, message: expect.stringMatching(reason) }]);
    }
    expect((await add('rcosta@example.com', 'a long and quiet river')).status).toBe(200);

    // The CLI's `workspace create` and `user create` go through the same services.
    const owner = { email: 'weak-owner@example.com', name: 'Weak Owner', password: 'qwertyuiop' };
    await expect(createWorkspaceWithOwner(t.deps, { workspace: { name: 'Weak' }, owner })).rejects.toThrow(
      /simple sequence/,
    );
    expect(await queryRows(t.deps.db, sql`select 1 from users where email = ${owner.email}`)).toEqual([]);
    expect(await queryRows(t.deps.db, sql`select 1 from workspaces where name = 'Weak'`)).toEqual([]);
    await expect(
      addMember(
        t.deps,
        ws.id,
        { role: 'owner' },
        { email: 'weak-user@example.com', name: 'W', role: 'agent', password: 'abcdefghij' },
      ),
    ).rejects.toThrow(/simple sequence/);

    // An existing account proves itself with its current password, even one set before the rule.
    await queryRows(
      t.deps.db,
      sql`update users set password_hash = ${await hashPassword('1234567890')} where email = ${ws.ownerEmail}`,
    );
    const second = await createWorkspaceWithOwner(t.deps, {
      workspace: { name: 'Second of an old account' },
      owner: { email: ws.ownerEmail, password: '1234567890' },
    });
    expect(second.owner.email).toBe(ws.ownerEmail);
  });

  test('a signed-in person can start another workspace and owns it', async () => {
    const ws = await t.workspace();
    const { cookie } = await t.signIn(ws.ownerEmail, ws.password);
    const created = await t.request('POST', '/api/v1/workspaces', {
      cookie,
      body: { name: 'Second shop', currency: 'BRL', locale: 'pt-BR', timeZone: 'America/Sao_Paulo' },
    });
    expect(created.status).toBe(201);
    expect(created.body.workspace).toMatchObject({ currency: 'BRL', locale: 'pt-BR' });
    const me = await t.request('GET', '/api/v1/auth/me', { cookie });
    expect(me.body.workspaces.find((w: { id: string }) => w.id === created.body.workspace.id)?.role).toBe('owner');
    const bad = await t.request('POST', '/api/v1/workspaces', {
      cookie,
      body: { name: 'Bad', currency: 'XYZ1', timeZone: 'Mars/Base' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['currency', 'timeZone']);
  });
});
