// People across workspaces, through the real HTTP layer: invitations instead of direct adds (no
// takeover of another workspace's people, no way to tell which emails have accounts), names
// changed only by their owner, and API tokens that act as — and never beyond — their creator.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { complaintsWorkspace } from '../src/modules/complaints/complaints.test-helpers.ts';
import { createTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const invite = (token: string, email: string, role = 'agent') =>
  t.request('POST', '/api/v1/invitations', { token, body: { email, role } });
const secretOf = (acceptUrl: string) => acceptUrl.split('#')[1];
const accept = (body: Record<string, unknown>) => t.request('POST', '/api/v1/auth/invitations/accept', { body });
const workspacesOf = async (email: string, password: string) =>
  ((await t.signIn(email, password)).res.body.workspaces as { id: string; role: string }[]).map((w) => w.id);

/** A signed-in admin of the workspace and an API token that admin made through the API. */
async function adminWithToken(ws: Awaited<ReturnType<TestApp['workspace']>>, role = 'admin') {
  const admin = await ws.member('admin');
  const { cookie } = await t.signIn(admin.email, admin.password);
  const created = await t.request('POST', '/api/v1/tokens', { cookie, body: { name: 'Admin integration', role } });
  expect(created.status).toBe(201);
  return { admin, cookie, token: created.body.token as string, tokenId: created.body.id as string };
}

describe('joining a workspace takes an invitation the person accepts', () => {
  test("another workspace's admin cannot make A's owner a member, nor rename them", async () => {
    const a = await t.workspace('Shop A');
    const b = await t.workspace('Shop B');
    const bAdmin = await b.token('admin');
    const invited = await invite(bAdmin, a.ownerEmail, 'analyst');
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: a.ownerEmail, role: 'analyst' });

    // Not a member of B until they accept: not listed, no access.
    const bMembers = (await t.request('GET', '/api/v1/users', { token: b.ownerToken })).body.items.map(
      (m: { id: string }) => m.id,
    );
    expect(bMembers).not.toContain(a.ownerId);
    expect(await workspacesOf(a.ownerEmail, a.password)).toEqual([a.id]);
    expect(
      (
        await t.request('PATCH', `/api/v1/users/${a.ownerId}`, {
          token: bAdmin,
          body: { name: '<img src=x onerror=alert(1)>' },
        })
      ).status,
    ).not.toBe(200);
    // The old direct add is gone.
    expect(
      (
        await t.request('POST', '/api/v1/users', {
          token: bAdmin,
          body: { email: a.ownerEmail, name: 'X', role: 'analyst' },
        })
      ).status,
    ).toBe(404);

    // Once they accept they are a member of B — and B still cannot rename them.
    const accepted = await accept({ token: secretOf(invited.body.acceptUrl), password: a.password });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ role: 'analyst', workspace: { id: b.id }, user: { id: a.ownerId } });
    const rename = await t.request('PATCH', `/api/v1/users/${a.ownerId}`, {
      token: bAdmin,
      body: { name: '<b>pwned</b>' },
    });
    expect(rename.status).toBe(422);
    const seenByA = await t.request('GET', `/api/v1/users/${a.ownerId}`, { token: a.ownerToken });
    expect(seenByA.body.name).toBe('Owner');
  });

  test('the answer is the same whether or not the email has an account', async () => {
    const a = await t.workspace();
    const b = await t.workspace();
    const bAdmin = await b.token('admin');
    const known = await invite(bAdmin, a.ownerEmail);
    const unknown = await invite(bAdmin, `nobody-${Date.now()}@example.com`);
    expect(known.status).toBe(201);
    expect(unknown.status).toBe(known.status);
    const shape = (v: unknown): unknown =>
      v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]))
        : v === null
          ? null
          : typeof v;
    expect(shape(unknown.body)).toEqual(shape(known.body));
    // The preview of the link does not tell either.
    const preview = async (r: typeof known) =>
      (await t.request('POST', '/api/v1/auth/invitations/preview', { body: { token: secretOf(r.body.acceptUrl) } }))
        .body;
    expect(Object.keys(await preview(known)).sort()).toEqual(Object.keys(await preview(unknown)).sort());
    // Only membership in one's own workspace is told.
    expect((await invite(b.ownerToken, b.ownerEmail)).status).toBe(409);
  });

  test('a person new to Tenure chooses a name and password; the link works once', async () => {
    const ws = await t.workspace();
    const email = `new-${Date.now()}@example.com`;
    const invited = await invite(ws.ownerToken, email, 'manager');
    const token = secretOf(invited.body.acceptUrl);
    expect(invited.body.acceptUrl).toMatch(/\/invite#tiv_/);

    const preview = await t.request('POST', '/api/v1/auth/invitations/preview', { body: { token } });
    expect(preview.body).toMatchObject({ email, role: 'manager', workspace: { id: ws.id }, invitedBy: 'Owner' });
    const listed = await t.request('GET', '/api/v1/invitations', { token: ws.ownerToken });
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: invited.body.id,
        email,
        role: 'manager',
        invitedBy: expect.objectContaining({ id: ws.ownerId }),
      }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(token);

    const noName = await accept({ token, password: 'a-fine-password-1' });
    expect(noName.status).toBe(422);
    expect(noName.body.errors.map((e: { path: string }) => e.path)).toEqual(['name']);
    expect((await accept({ token, name: 'Nova', password: 'short' })).status).toBe(422);

    const ok = await accept({ token, name: 'Nova', password: 'a-fine-password-1' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ role: 'manager', user: { email, name: 'Nova' } });
    const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0];
    expect((await t.request('GET', '/api/v1/users', { cookie })).status).toBe(200);
    expect(await workspacesOf(email, 'a-fine-password-1')).toEqual([ws.id]);

    const again = await accept({ token, name: 'Nova', password: 'a-fine-password-1' });
    expect(again.status).toBe(404);
    expect((await t.request('GET', '/api/v1/invitations', { token: ws.ownerToken })).body.items).toEqual([]);
  });

  test('an expired, revoked or replaced link does nothing', async () => {
    const ws = await t.workspace();
    const person = await (await t.workspace()).member('agent');
    const expiring = await invite(ws.ownerToken, person.email);
    t.clock.advance(7 * 86_400_000 + 60_000);
    try {
      expect(
        (
          await t.request('POST', '/api/v1/auth/invitations/preview', {
            body: { token: secretOf(expiring.body.acceptUrl) },
          })
        ).status,
      ).toBe(404);
      expect((await accept({ token: secretOf(expiring.body.acceptUrl), password: person.password })).status).toBe(404);
    } finally {
      t.clock.set(new Date());
    }
    const first = await invite(ws.ownerToken, person.email);
    const second = await invite(ws.ownerToken, person.email, 'manager');
    expect(second.status).toBe(201);
    expect((await accept({ token: secretOf(first.body.acceptUrl), password: person.password })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/invitations/${second.body.id}`, { token: ws.ownerToken })).status).toBe(
      204,
    );
    expect((await accept({ token: secretOf(second.body.acceptUrl), password: person.password })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/invitations/${second.body.id}`, { token: ws.ownerToken })).status).toBe(
      404,
    );
    expect(await workspacesOf(person.email, person.password)).not.toContain(ws.id);
  });

  test('only the invited account accepts: another person, even signed in, is refused', async () => {
    const ws = await t.workspace();
    const invitee = await (await t.workspace()).member('agent');
    const intruder = await (await t.workspace()).member('admin', 'intruder-password-9');
    const invited = await invite(ws.ownerToken, invitee.email);
    const { cookie } = await t.signIn(intruder.email, intruder.password);
    const wrong = await t.request('POST', '/api/v1/auth/invitations/accept', {
      cookie,
      body: { token: secretOf(invited.body.acceptUrl), password: intruder.password },
    });
    expect(wrong.status).toBe(401);
    expect(await workspacesOf(intruder.email, intruder.password)).not.toContain(ws.id);
    // A person with an account keeps their name: the name field is ignored, the invitation still open.
    const right = await accept({
      token: secretOf(invited.body.acceptUrl),
      password: invitee.password,
      name: 'Renamed',
    });
    expect(right.status).toBe(200);
    expect(right.body.user.name).toBe(invitee.name);
  });

  test('only an owner invites an owner or revokes an owner invitation', async () => {
    const ws = await t.workspace();
    const admin = await ws.token('admin');
    expect((await invite(admin, 'boss@example.com', 'owner')).status).toBe(403);
    const byOwner = await invite(ws.ownerToken, 'boss@example.com', 'owner');
    expect(byOwner.status).toBe(201);
    expect((await t.request('DELETE', `/api/v1/invitations/${byOwner.body.id}`, { token: admin })).status).toBe(403);
  });
});

describe('a name is changed only by its person', () => {
  test('PATCH /auth/me renames oneself; a token cannot; members PATCH is role only', async () => {
    const ws = await t.workspace();
    const person = await ws.member('agent');
    const { cookie } = await t.signIn(person.email, person.password);
    const renamed = await t.request('PATCH', '/api/v1/auth/me', { cookie, body: { name: 'Ana Souza' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.user.name).toBe('Ana Souza');
    expect((await t.request('GET', `/api/v1/users/${person.id}`, { token: ws.ownerToken })).body.name).toBe(
      'Ana Souza',
    );
    expect(
      (await t.request('PATCH', '/api/v1/auth/me', { token: ws.ownerToken, body: { name: 'Token' } })).status,
    ).toBe(403);
    expect((await t.request('PATCH', '/api/v1/auth/me', { cookie, body: { name: '  ' } })).status).toBe(422);
    expect(
      (await t.request('PATCH', `/api/v1/users/${person.id}`, { token: ws.ownerToken, body: { name: 'Other' } }))
        .status,
    ).toBe(422);
  });
});

describe('API tokens act as their creator, and never beyond', () => {
  test('an agent token gets the same 403 as an agent session on a complaint assigned to someone else', async () => {
    const w = await complaintsWorkspace(t, 'Token complaints');
    const c = await w.register(`tok-${Date.now()}@example.com`);
    const assignee = w.whoIs(c.assigneeId);
    expect(assignee).not.toBeNull();
    const other = assignee === 'agentA' ? 'agentB' : 'agentA';
    const start = { to: 'under_analysis' };
    expect((await w.call('POST', `/complaints/${c.id}/transitions`, start, other)).status).toBe(403);

    const cliAgentToken = await w.ws.token('agent'); // made by no person: nobody's assignee
    expect(
      (await t.request('POST', `/api/v1/complaints/${c.id}/transitions`, { token: cliAgentToken, body: start })).status,
    ).toBe(403);

    // A token the other agent made (while an admin) acts as that agent, with the same answer.
    const otherPerson = w[other];
    await t.request('PATCH', `/api/v1/users/${otherPerson.id}`, { token: w.ws.ownerToken, body: { role: 'admin' } });
    const otherCookie = (await t.signIn(otherPerson.email, 'member-password-123')).cookie;
    const made = await t.request('POST', '/api/v1/tokens', {
      cookie: otherCookie,
      body: { name: 'My phone', role: 'agent' },
    });
    await t.request('PATCH', `/api/v1/users/${otherPerson.id}`, { token: w.ws.ownerToken, body: { role: 'agent' } });
    expect(
      (await t.request('POST', `/api/v1/complaints/${c.id}/transitions`, { token: made.body.token, body: start }))
        .status,
    ).toBe(403);

    // …and on its own complaint the token passes like the session does.
    await w.ok('POST', `/complaints/${c.id}/assignment`, { assigneeId: otherPerson.id }, 'manager');
    const moved = await t.request('POST', `/api/v1/complaints/${c.id}/transitions`, {
      token: made.body.token,
      body: start,
    });
    expect(moved.status).toBe(200);
  });

  test("a removed admin's token stops at once, shows as revoked, and cannot re-add its creator", async () => {
    const ws = await t.workspace();
    const { admin, token, tokenId } = await adminWithToken(ws);
    expect((await t.request('GET', '/api/v1/users', { token })).status).toBe(200);
    expect((await t.request('DELETE', `/api/v1/users/${admin.id}`, { token: ws.ownerToken })).status).toBe(204);
    expect((await t.request('GET', '/api/v1/auth/me', { token })).status).toBe(401);
    expect(
      (await t.request('POST', '/api/v1/webhooks', { token, body: { url: 'https://example.com/hook', events: ['*'] } }))
        .status,
    ).toBe(401);
    expect((await invite(token, admin.email, 'admin')).status).toBe(401);
    const listed = (await t.request('GET', '/api/v1/tokens', { token: ws.ownerToken })).body.items.find(
      (x: { id: string }) => x.id === tokenId,
    );
    expect(listed.revokedAt).toBeTruthy();
    expect(listed.createdBy).toMatchObject({ id: admin.id, email: admin.email, role: null });
  });

  test("a demoted admin's token loses admin powers; a token never does more than its creator now may", async () => {
    const ws = await t.workspace();
    const { admin, token } = await adminWithToken(ws);
    const analystToken = (await t.request('POST', '/api/v1/tokens', { token, body: { name: 'BI', role: 'analyst' } }))
      .body.token;
    expect((await t.request('GET', '/api/v1/webhooks', { token })).status).toBe(200);
    await t.request('PATCH', `/api/v1/users/${admin.id}`, { token: ws.ownerToken, body: { role: 'agent' } });
    const me = await t.request('GET', '/api/v1/auth/me', { token });
    expect(me.body.role).toBe('agent');
    expect((await t.request('GET', '/api/v1/webhooks', { token })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/users', { token })).status).toBe(403);
    expect((await invite(token, 'friend@example.com', 'admin')).status).toBe(403);
    expect((await t.request('GET', '/api/v1/customers', { token })).status).toBe(200);
    // An analyst token of a (now) agent: only what both roles allow.
    expect((await t.request('GET', '/api/v1/customers', { token: analystToken })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/events', { token: analystToken })).status).toBe(403);
    // Promoted back, the token works as made.
    await t.request('PATCH', `/api/v1/users/${admin.id}`, { token: ws.ownerToken, body: { role: 'admin' } });
    expect((await t.request('GET', '/api/v1/webhooks', { token })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/events', { token: analystToken })).status).toBe(200);
  });

  test('the token list shows who made each token', async () => {
    const ws = await t.workspace();
    const { admin, tokenId } = await adminWithToken(ws);
    const cli = await ws.token('agent');
    expect(cli).toMatch(/^tnr_/);
    const items = (await t.request('GET', '/api/v1/tokens', { token: ws.ownerToken })).body.items as {
      id: string;
      role: string;
      createdBy: unknown;
    }[];
    expect(items.find((x) => x.id === tokenId)?.createdBy).toEqual({
      id: admin.id,
      name: admin.name,
      email: admin.email,
      role: 'admin',
    });
    expect(items.find((x) => x.role === 'owner')?.createdBy).toMatchObject({ id: ws.ownerId, role: 'owner' });
    expect(items.find((x) => x.role === 'agent')?.createdBy).toBeNull();
  });

  test("an admin cannot revoke an owner's token or an owner-role token; an owner can", async () => {
    const ws = await t.workspace();
    const { cookie: adminCookie, tokenId: adminTokenId } = await adminWithToken(ws);
    const ownerCookie = (await t.signIn(ws.ownerEmail, ws.password)).cookie;
    const ownersAdminToken = (
      await t.request('POST', '/api/v1/tokens', { cookie: ownerCookie, body: { name: 'Owner ERP', role: 'admin' } })
    ).body;
    const ownerRoleToken = (await t.request('GET', '/api/v1/tokens', { token: ws.ownerToken })).body.items.find(
      (x: { role: string }) => x.role === 'owner',
    );
    for (const id of [ownersAdminToken.id, ownerRoleToken.id]) {
      const refused = await t.request('DELETE', `/api/v1/tokens/${id}`, { cookie: adminCookie });
      expect(refused.status).toBe(403);
    }
    expect((await t.request('GET', '/api/v1/auth/me', { token: ownersAdminToken.token })).status).toBe(200);
    expect((await t.request('DELETE', `/api/v1/tokens/${adminTokenId}`, { cookie: adminCookie })).status).toBe(200);
    expect((await t.request('DELETE', `/api/v1/tokens/${ownersAdminToken.id}`, { cookie: ownerCookie })).status).toBe(
      200,
    );
  });
});
