// Complaints wired to the real loyalty ledger: an approved goodwill-points compensation is paid
// into the customer's points account in the approval's transaction, exactly once.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
const call = async (method: string, path: string, body?: unknown) =>
  t.request(method, `/api/v1${path}`, { token: ws.ownerToken, body });

beforeAll(async () => {
  t = await createTestApp();
  ws = await t.workspace('Recovery');
});
afterAll(() => t.close());

async function gradedComplaint(customerId: string) {
  const complaint = (
    await call('POST', '/complaints', {
      customerId,
      category: 'billing',
      channel: 'phone',
      subject: 'Charged twice',
      description: 'The same order was charged twice',
    })
  ).body;
  expect((await call('POST', `/complaints/${complaint.id}/transitions`, { to: 'under_analysis' })).status).toBeLessThan(
    300,
  );
  expect(
    (
      await call('POST', `/complaints/${complaint.id}/transitions`, {
        to: 'valid',
        severity: 'high',
        reason: 'Confirmed double charge',
      })
    ).status,
  ).toBeLessThan(300);
  return complaint;
}

test('approved goodwill points land in the loyalty ledger once, with the complaint as the reason', async () => {
  const agent = await ws.member('agent');
  await call('POST', '/complaint-teams', {
    name: 'Care',
    members: [{ userId: agent.id }, { userId: ws.ownerId, manager: true }],
  });
  const customerId = (await call('POST', '/customers', { name: 'Rita' })).body.id;
  const complaint = await gradedComplaint(customerId);

  // Without a program there is nowhere to pay points into: a clear refusal, nothing recorded.
  const refused = await call('POST', `/complaints/${complaint.id}/compensations`, { type: 'points', amount: 300 });
  expect(refused.status).toBe(409);
  expect(refused.body.code).toBe('loyalty_not_configured');
  expect((await call('GET', `/complaints/${complaint.id}`)).body.compensations ?? []).toHaveLength(0);

  expect((await call('PUT', '/loyalty/program', { name: 'Club', pointsPerUnit: '1' })).status).toBeLessThan(300);
  const paid = await call('POST', `/complaints/${complaint.id}/compensations`, { type: 'points', amount: 300 });
  expect(paid.status).toBe(201);
  expect(paid.body.status).toBe('posted');
  const account = (await call('GET', `/customers/${customerId}/loyalty`)).body;
  expect(account.balance).toBe(300);
  const statement = (await call('GET', `/customers/${customerId}/loyalty/statement`)).body;
  expect(
    statement.entries.map((e: { kind: string; points: number; reason: string }) => [
      e.kind,
      e.points,
      e.reason.startsWith(`Complaint ${complaint.reference}`),
    ]),
  ).toEqual([['compensation', 300, true]]);
  const check = await call('GET', '/loyalty/check');
  expect(check.body).toMatchObject({ ok: true, violations: [] });
});
