// Shared set-up for the complaints tests: a workspace with two agents and a manager signed in,
// one team routing every category, and small helpers to drive complaints through the API.
import { expect } from 'vitest';
import type { TestApp } from '../../../test/support/app.ts';

export type Who = 'owner' | 'agentA' | 'agentB' | 'manager' | 'analyst';

export async function complaintsWorkspace(
  t: TestApp,
  name: string,
  options: { strategy?: 'round_robin' | 'least_loaded' } = {},
) {
  const ws = await t.workspace(name);
  const agentA = await ws.member('agent');
  const agentB = await ws.member('agent');
  const manager = await ws.member('manager');
  const cookie = async (m: { email: string; password: string }) => (await t.signIn(m.email, m.password)).cookie;
  const cookies: Record<Exclude<Who, 'owner' | 'analyst'>, string> = {
    agentA: await cookie(agentA),
    agentB: await cookie(agentB),
    manager: await cookie(manager),
  };
  const analystToken = await ws.token('analyst');

  const call = (method: string, path: string, body?: unknown, who: Who = 'owner') =>
    t.request(
      method,
      `/api/v1${path}`,
      who === 'owner'
        ? { token: ws.ownerToken, body }
        : who === 'analyst'
          ? { token: analystToken, body }
          : { cookie: cookies[who], body },
    );
  const ok = async (method: string, path: string, body?: unknown, who: Who = 'owner') => {
    const res = await call(method, path, body, who);
    expect(res.status, `${method} ${path} as ${who}: ${res.text.slice(0, 400)}`).toBeLessThan(300);
    return res.body;
  };

  const team = await ok('POST', '/complaint-teams', {
    name: 'Care',
    strategy: options.strategy,
    members: [{ userId: agentA.id }, { userId: agentB.id }, { userId: manager.id, manager: true }],
  });
  await ok('PUT', '/complaint-routing', { rules: [{ category: '*', teamId: team.id }] });

  /** Registers a complaint for a customer given by email (created on first use). */
  const register = (email: string, extra: Record<string, unknown> = {}) =>
    ok('POST', '/complaints', {
      customer: { name: `Customer ${email}`, email },
      category: 'billing',
      channel: 'phone',
      subject: 'Charged twice',
      description: 'My card was charged twice for order 1042.',
      ...extra,
    });
  const move = (id: string, body: Record<string, unknown>, who: Who = 'owner') =>
    ok('POST', `/complaints/${id}/transitions`, body, who);
  /** registered → under_analysis → valid with a severity. */
  const validate = async (id: string, severity = 'high', who: Who = 'owner') => {
    await move(id, { to: 'under_analysis' }, who);
    return move(id, { to: 'valid', severity, reason: 'Confirmed by the bank statement' }, who);
  };
  const resolve = async (
    id: string,
    solution = 'Refunded the duplicate charge to the card',
    rootCause = 'billing_error',
    who: Who = 'owner',
  ) => {
    await move(id, { to: 'in_resolution' }, who);
    return move(id, { to: 'resolved', solution, rootCause }, who);
  };
  const events = async (type?: string) =>
    (await ok('GET', `/events?limit=500${type ? `&type=${type}` : ''}`)).items as {
      id: string;
      type: string;
      customerId: string;
      payload: Record<string, any>;
      summary: string;
    }[];
  const whoIs = (userId: string | null): Who | null =>
    userId === agentA.id ? 'agentA' : userId === agentB.id ? 'agentB' : userId === manager.id ? 'manager' : null;

  return { ws, agentA, agentB, manager, team, cookies, call, ok, register, move, validate, resolve, events, whoIs };
}

export type ComplaintsWorkspace = Awaited<ReturnType<typeof complaintsWorkspace>>;
