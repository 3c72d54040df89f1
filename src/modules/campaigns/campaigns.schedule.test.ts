// Scheduled launches through the API and the launch job's pass: a time in the past or on a launched
// campaign is refused; nothing launches before its time; at its time a draft launches once (two
// passes at once launch it once, with one member list), its actions start executing; a draft whose
// segment is empty is left unscheduled with the reason, and the others still launch.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { launchDueCampaigns } from './index.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const start = new Date('2026-05-04T09:00:00Z');
const later = (minutes: number) => new Date(start.getTime() + minutes * 60_000).toISOString();

const call = (method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1${path}`, { token: ws.ownerToken, body });
const ok = async (method: string, path: string, body?: unknown) => {
  const res = await call(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
};
const arms = [
  { key: 'control', name: 'Control', share: 20, control: true },
  { key: 'offer', name: 'Offer', share: 80 },
];

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(start);
  ws = await t.workspace('Agenda');
  await ok('PUT', '/loyalty/program', { name: 'Club', pointsPerUnit: '1' });
  for (let i = 0; i < 40; i++) await ok('POST', '/customers', { name: `Cliente ${i}`, tags: ['vip'] });
}, 60_000);
afterAll(() => t?.close());

describe('scheduled launch', () => {
  test('refused in the past and once launched; launched once at its time, with its actions started', async () => {
    const vip = await ok('POST', '/segments', { name: 'VIP', definition: { all: [{ field: 'tags', any: ['vip'] }] } });
    const nobody = await ok('POST', '/segments', {
      name: 'Nobody',
      definition: { all: [{ field: 'tags', any: ['none'] }] },
    });
    const draft = { name: 'Spring', objective: 'retain', segmentId: vip.id, arms };
    const past = await call('POST', '/campaigns', { ...draft, scheduledAt: later(-10) });
    expect(past.status).toBe(422);
    expect(JSON.stringify(past.body)).toContain('scheduledAt');
    expect((await call('POST', '/campaigns', { ...draft, scheduledAt: 'tomorrow' })).status).toBe(422);

    const spring = await ok('POST', '/campaigns', { ...draft, scheduledAt: later(30) });
    expect(spring.scheduledAt).toBe(later(30));
    await ok('PUT', `/campaigns/${spring.id}/actions`, {
      actions: [{ key: 'bonus', arm: 'offer', name: 'Bonus', type: 'points', points: 50, costMinor: 10 }],
    });
    // Scheduled afterwards through its own route; then moved earlier, cleared and set again.
    const summer = await ok('POST', '/campaigns', { ...draft, name: 'Summer' });
    expect(summer.scheduledAt).toBeNull();
    expect((await ok('PUT', `/campaigns/${summer.id}/schedule`, { scheduledAt: later(60) })).scheduledAt).toBe(
      later(60),
    );
    expect((await ok('PUT', `/campaigns/${summer.id}/schedule`, { scheduledAt: null })).scheduledAt).toBeNull();
    await ok('PUT', `/campaigns/${summer.id}/schedule`, { scheduledAt: later(20) });
    expect((await call('PUT', `/campaigns/${summer.id}/schedule`, { scheduledAt: later(-5) })).status).toBe(422);
    expect((await call('PUT', `/campaigns/${summer.id}/schedule`, {})).status).toBe(422);
    const empty = await ok('POST', '/campaigns', {
      ...draft,
      name: 'Empty',
      segmentId: nobody.id,
      scheduledAt: later(5),
    });

    // Before anything is due: nothing happens.
    expect(await launchDueCampaigns(t.deps)).toMatchObject({ launched: 0, failed: 0 });
    expect((await ok('GET', `/campaigns/${spring.id}`)).status).toBe('draft');

    // The empty one is due: left a draft, unscheduled, with the reason.
    t.clock.set(new Date(later(10)));
    expect(await launchDueCampaigns(t.deps)).toMatchObject({ launched: 0, failed: 1 });
    const failed = await ok('GET', `/campaigns/${empty.id}`);
    expect(failed).toMatchObject({ status: 'draft', scheduledAt: null, launchError: 'empty_segment' });

    // Both others due; two passes at once launch each once.
    t.clock.set(new Date(later(31)));
    const [a, b] = await Promise.all([launchDueCampaigns(t.deps), launchDueCampaigns(t.deps)]);
    expect(a.launched + b.launched).toBe(2);
    expect(a.failed + b.failed).toBe(0);
    for (const id of [spring.id, summer.id]) {
      const c = await ok('GET', `/campaigns/${id}`);
      expect(c).toMatchObject({ status: 'launched', launchedAt: later(31), launchError: null });
      const members = await ok('GET', `/campaigns/${id}/members?limit=1000`);
      expect(members.items).toHaveLength(40);
    }
    // With actions, execution started; without, it stays idle.
    expect((await ok('GET', `/campaigns/${spring.id}`)).executionStatus).toBe('running');
    expect((await ok('GET', `/campaigns/${summer.id}`)).executionStatus).toBe('idle');
    const progress = await ok('GET', `/campaigns/${spring.id}/execution`);
    expect(progress.byAction).toEqual([
      expect.objectContaining({ actionKey: 'bonus', arm: 'offer', done: 0, pending: progress.total }),
    ]);
    // A later pass finds nothing; a launched campaign cannot be scheduled.
    expect(await launchDueCampaigns(t.deps)).toMatchObject({ launched: 0, failed: 0 });
    expect((await call('PUT', `/campaigns/${spring.id}/schedule`, { scheduledAt: later(90) })).status).toBe(409);
  });
});
