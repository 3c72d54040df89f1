// A Tenure app over a fresh test database, driven through app.request (no port), with
// helpers to create workspaces, people and tokens of every role.
import { loadConfig } from '../../src/config.ts';
import type { Deps } from '../../src/deps.ts';
import { type AppOptions, createApp } from '../../src/http/app.ts';
import { jobDefinitions } from '../../src/jobs/definitions.ts';
import { startJobQueue } from '../../src/jobs/queue.ts';
import { type Logger, silentLogger } from '../../src/logger.ts';
import { createApiToken } from '../../src/modules/auth/index.ts';
import { addMember, type Role, roles } from '../../src/modules/users/index.ts';
import { createWorkspaceWithOwner } from '../../src/workflows/create-workspace.ts';
import { createTestDatabase } from './database.ts';

export type Clock = { now: () => Date; set: (d: Date) => void; advance: (ms: number) => void };

export function testClock(start = new Date()): Clock {
  let t = start.getTime();
  return { now: () => new Date(t), set: (d) => (t = d.getTime()), advance: (ms) => (t += ms) };
}

export type Call = { status: number; body: any; headers: Headers; text: string };

/** `jobs: true` also runs a job queue with workers (every job definition) in the test. */
/** `log`: a logger of the test's own (to read what the app logged); silent by default. */
export async function createTestApp(
  options: { env?: Record<string, string>; app?: AppOptions; jobs?: boolean; log?: Logger } = {},
) {
  const testDb = await createTestDatabase();
  const clock = testClock();
  const config = loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'true', ...options.env });
  const deps: Deps = {
    config,
    database: testDb.database,
    db: testDb.database.db,
    log: options.log ?? silentLogger,
    now: clock.now,
  };
  if (options.jobs)
    deps.jobs = await startJobQueue(deps, {
      definitions: jobDefinitions,
      work: true,
      schedule: false,
      pollingIntervalSeconds: 0.5,
    });
  const app = createApp(deps, options.app);
  let seq = 0;

  async function request(
    method: string,
    path: string,
    init: { token?: string; cookie?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<Call> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.cookie) headers.cookie = init.cookie;
    // A browser sends Origin with every state-changing request; a cookie here stands for one.
    if (init.cookie && !['GET', 'HEAD'].includes(method)) headers.origin ??= 'http://localhost';
    let body: string | undefined;
    if (init.raw !== undefined) body = init.raw;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    if (method === 'GET' || method === 'HEAD') body = undefined;
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, headers: res.headers, text };
  }

  /** A workspace with an owner (password known) and an owner API token. */
  async function workspace(name = `Workspace ${++seq}`) {
    const ownerEmail = `owner-${seq}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const password = 'owner-password-123';
    const created = await createWorkspaceWithOwner(deps, {
      workspace: { name },
      owner: { email: ownerEmail, name: 'Owner', password },
      withToken: true,
    });
    const workspaceId = created.workspace.id;
    const tokens = new Map<Role, string>([['owner', created.token?.token as string]]);
    return {
      id: workspaceId,
      ownerId: created.owner.id,
      ownerEmail,
      password,
      ownerToken: created.token?.token as string,
      /** An API token with the given role (made once, then reused). */
      async token(role: Role): Promise<string> {
        const existing = tokens.get(role);
        if (existing) return existing;
        const t = await createApiToken(deps, {
          workspaceId,
          actorRole: 'owner',
          createdByUserId: null,
          input: { name: `${role} token`, role },
        });
        tokens.set(role, t.token);
        return t.token;
      },
      async member(role: Role, password = 'member-password-123') {
        const email = `${role}-${++seq}-${Math.random().toString(36).slice(2, 8)}@example.com`;
        const m = await addMember(deps, workspaceId, { role: 'owner' }, { email, name: `A ${role}`, role, password });
        return { ...m, password };
      },
    };
  }

  async function signIn(email: string, password: string, extra: Record<string, unknown> = {}) {
    const res = await request('POST', '/api/v1/auth/login', { body: { email, password, ...extra } });
    const setCookie = res.headers.get('set-cookie') ?? '';
    const cookie = setCookie.split(';')[0];
    return { res, cookie };
  }

  const close = async () => {
    await deps.jobs?.stop();
    await testDb.drop();
  };
  return { app, deps, clock, config, request, workspace, signIn, roles, close };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
