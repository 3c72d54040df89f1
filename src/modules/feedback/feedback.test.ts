// The feedback register through the API: compliments naming a member, agent notes with an
// intent-to-leave signal, focus-group and interview reports about a segment; the customer's list,
// the timeline event, and positive-feedback counts and rate from the raw rows.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-04-10T12:00:00Z'));
  ws = await t.workspace('Feedback Shop');
});
afterAll(() => t.close());

const call = (method: string, path: string, body?: unknown, token = ws.ownerToken) =>
  t.request(method, `/api/v1${path}`, { token, body });
async function ok(method: string, path: string, body?: unknown) {
  const r = await call(method, path, body);
  expect(r.status, r.text).toBeLessThan(300);
  return r.body;
}

describe('feedback register', () => {
  test('records each kind, lists a customer’s, and counts positive feedback from the raw rows', async () => {
    const marta = await ws.member('agent');
    const ana = (await ok('POST', '/customers', { name: 'Ana' })).id;
    const bea = (await ok('POST', '/customers', { name: 'Bea' })).id;
    await ok('POST', '/customers', { name: 'Caio' });
    const praise = await ok('POST', '/feedback', {
      kind: 'compliment',
      customerId: ana,
      employeeId: marta.id,
      body: 'Marta solved it in minutes',
    });
    expect(praise).toMatchObject({ kind: 'compliment', employeeName: 'A agent', sentiment: 'positive' });
    await ok('POST', '/feedback', { kind: 'compliment', customerId: ana, body: 'Lovely shop' });
    await ok('POST', '/feedback', { kind: 'compliment', customerId: bea, body: 'Fast delivery' });
    await ok('POST', '/feedback', {
      kind: 'agent_note',
      customerId: bea,
      sentiment: 'negative',
      intentToLeave: true,
      body: 'Asked how to cancel; a competitor offered 20% off',
    });
    await ok('POST', '/feedback', {
      kind: 'focus_group',
      segment: 'Gold, São Paulo',
      body: 'Six customers; delivery windows are the main pain',
    });
    const old = { kind: 'compliment', customerId: bea, body: 'Old praise', occurredAt: '2026-01-05T10:00:00Z' };
    await ok('POST', '/feedback', old);

    const mine = (await ok('GET', `/feedback?customerId=${ana}`)).items;
    expect(mine.map((f: { body: string }) => f.body)).toEqual(['Lovely shop', 'Marta solved it in minutes']);
    expect((await ok('GET', '/feedback?segment=gold,%20s%C3%A3o%20paulo')).items).toHaveLength(1);
    expect((await ok('GET', '/feedback?intentToLeave=true')).items[0].customerId).toBe(bea);

    const s = await ok('GET', '/feedback/summary?from=2026-04-01&to=2026-04-30');
    expect(s).toMatchObject({
      compliments: 3,
      complimentedCustomers: 2,
      activeCustomers: 3,
      agentNotes: 1,
      intentToLeave: 1,
      bySentiment: { positive: 3, neutral: 0, negative: 1 },
      byEmployee: [{ employeeId: marta.id, name: 'A agent', compliments: 1 }],
    });
    expect(s.complimentsPer1000Customers).toBeCloseTo(1000, 10); // 3 compliments / 3 active customers

    const timeline = await ok('GET', `/customers/${ana}/timeline`);
    expect(JSON.stringify(timeline)).toContain('feedback.recorded');
  });

  test('refuses what does not fit: no customer, no segment, an employee outside the workspace, bad text', async () => {
    const c = (await ok('POST', '/customers', { name: 'Dan' })).id;
    const cases: [unknown, string][] = [
      [{ kind: 'compliment', body: 'x' }, 'customerId'],
      [{ kind: 'interview', body: 'x' }, 'segment'],
      [{ kind: 'agent_note', customerId: c, employeeId: ws.ownerId, body: 'x' }, 'employeeId'],
      [
        { kind: 'compliment', customerId: c, employeeId: '0190a0a0-0000-7000-8000-000000000001', body: 'x' },
        'employeeId',
      ],
      [{ kind: 'compliment', customerId: '0190a0a0-0000-7000-8000-000000000001', body: 'x' }, 'customerId'],
      [{ kind: 'compliment', customerId: c, body: 'a\u0000b' }, 'body'],
      [{ kind: 'compliment', customerId: c, body: '   ' }, 'body'],
    ];
    for (const [body, path] of cases) {
      const r = await call('POST', '/feedback', body);
      expect(r.status, r.text).toBe(422);
      expect(r.body.errors[0].path).toBe(path);
    }
    const analyst = await ws.token('analyst');
    expect((await call('POST', '/feedback', { kind: 'compliment', customerId: c, body: 'x' }, analyst)).status).toBe(
      403,
    );
    expect((await call('GET', '/feedback/summary?from=2026-05-01&to=2026-04-01')).status).toBe(422);
  });
});
