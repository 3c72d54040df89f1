// One of every kind of row in a workspace, so generic tests (tenant isolation) find something
// behind every route that takes an id. A domain that adds a route with an id adds a seed here.
import type { TestApp } from './app.ts';

type Workspace = Awaited<ReturnType<TestApp['workspace']>>;

export async function seedOneOfEverything(t: TestApp, ws: Workspace): Promise<Record<string, string>> {
  const post = async (path: string, body: unknown) => {
    const res = await t.request('POST', path, { token: ws.ownerToken, body });
    if (res.status >= 300) throw new Error(`seed ${path} failed: ${res.status} ${res.text}`);
    return res.body;
  };
  const agent = await ws.member('agent');
  const customer = await post('/api/v1/customers', {
    name: 'Seed Customer',
    email: `seed-${ws.id.slice(0, 8)}@example.com`,
    externalId: `seed-${ws.id}`,
  });
  const field = await post('/api/v1/custom-fields', { key: 'segment_code', label: 'Segment code', type: 'text' });
  const product = await post('/api/v1/products', {
    sku: 'SEED-1',
    name: 'Seed product',
    category: 'seed',
    listPriceMinor: 1000,
    unitCostMinor: 400,
  });
  const second = await post('/api/v1/products', {
    sku: 'SEED-2',
    name: 'Seed companion',
    category: 'seed',
    listPriceMinor: 500,
    unitCostMinor: 200,
  });
  await post('/api/v1/affinity/bundles', {
    name: 'Seed bundle',
    productIds: [product.id, second.id],
    priceMinor: 1200,
  });
  const transaction = await post('/api/v1/transactions', {
    customerId: customer.id,
    externalId: 'seed-order',
    occurredAt: '2026-01-15T10:00:00Z',
    lines: [{ sku: 'SEED-1', quantity: 2 }],
  });
  const interaction = await post('/api/v1/interactions', {
    customerId: customer.id,
    occurredAt: '2026-01-16T10:00:00Z',
    channel: 'phone',
    direction: 'inbound',
    type: 'support',
    durationSeconds: 300,
  });
  const contract = await post('/api/v1/contracts', {
    customerId: customer.id,
    plan: 'Basic',
    startedAt: '2025-01-01T00:00:00Z',
    monthlyValueMinor: 2990,
  });
  const put = await t.request('PUT', '/api/v1/loyalty/program', {
    token: ws.ownerToken,
    body: { name: 'Seed Club', pointsPerUnit: '1' },
  });
  if (put.status >= 300) throw new Error(`seed loyalty program failed: ${put.status} ${put.text}`);
  const webhook = await post('/api/v1/webhooks', {
    url: 'https://hooks.example.com/seed',
    eventTypes: ['complaint.'],
    description: 'Seed endpoint',
  });
  const team = await post('/api/v1/complaint-teams', {
    name: 'Seed care',
    members: [{ userId: agent.id }, { userId: ws.ownerId, manager: true }],
  });
  const complaint = await post('/api/v1/complaints', {
    customerId: customer.id,
    category: 'billing',
    channel: 'phone',
    subject: 'Seed complaint',
    description: 'Charged twice for the seed order',
  });
  await post(`/api/v1/complaints/${complaint.id}/transitions`, { to: 'under_analysis' });
  await post(`/api/v1/complaints/${complaint.id}/transitions`, {
    to: 'valid',
    severity: 'high',
    reason: 'Confirmed double charge',
  });
  const compensation = await post(`/api/v1/complaints/${complaint.id}/compensations`, { type: 'points', amount: 500 });
  const upload = await t.request('POST', '/api/v1/imports?entity=customers&fileName=seed.csv', {
    token: ws.ownerToken,
    raw: 'external_id,name\nseed-import-1,Seed Import\n',
    headers: { 'content-type': 'text/csv' },
  });
  if (upload.status !== 202) throw new Error(`seed /api/v1/imports failed: ${upload.status} ${upload.text}`);
  await post('/api/v1/invitations', { email: `invited-${ws.id.slice(0, 8)}@example.com`, role: 'agent' });
  const savedView = await post('/api/v1/saved-views', {
    list: 'customers',
    name: 'Seed view',
    filters: { status: 'active' },
  });
  const level = await post('/api/v1/loyalty/levels', { name: 'Seed Gold', rank: 1, threshold: 0 });
  const promotion = await post('/api/v1/loyalty/promotions', {
    name: 'Seed promo',
    startsAt: '2026-01-01T00:00:00Z',
    endsAt: '2026-02-01T00:00:00Z',
    multiplier: '2',
  });
  const reward = await post('/api/v1/loyalty/rewards', { name: 'Seed reward', kind: 'gift', pointsPrice: 10 });
  await post(`/api/v1/customers/${customer.id}/loyalty/compensations`, { points: 50, reason: 'seed' });
  const { redemption } = await post(`/api/v1/customers/${customer.id}/loyalty/redemptions`, { rewardId: reward.id });
  await post('/api/v1/defection-reasons', { code: 'seed_reason', labels: { en: 'Seed reason' }, controllable: true });
  const defected = await post(`/api/v1/customers/${customer.id}/defections`, { reasonCode: 'price' });
  // A parked earning: only the earning workflow parks one (after repeated failures), so it is written directly.
  const parked = await t.deps.database.executeSql(
    `insert into loyalty_earn_queue (workspace_id, id, from_transaction_id, to_transaction_id, transactions, attempts, last_error, failed_at, customer_id, parked_at)
     values ($1, gen_random_uuid(), $2, $2, 1, 3, 'seed failure', now(), $3, now()) returning id`,
    [ws.id, transaction.id, customer.id],
  );
  const task = await post('/api/v1/tasks', { title: 'Seed task', customerId: customer.id, assigneeId: ws.ownerId });
  await post('/api/v1/teams', { name: 'Seed team', managerId: ws.ownerId, memberIds: [ws.ownerId] });
  const privacyRequest = await post('/api/v1/privacy/requests', { customerId: customer.id, kind: 'access' });
  const segment = await post('/api/v1/segments', { name: 'Seed segment', definition: { all: [] } });
  const campaign = await post('/api/v1/campaigns', {
    name: 'Seed campaign',
    objective: 'retain',
    segmentId: segment.id,
    arms: [
      { key: 'control', name: 'Control', share: 10, control: true },
      { key: 'offer', name: 'Offer', share: 90 },
    ],
  });
  return {
    privacyRequestId: privacyRequest.id,
    taskId: task.id,
    segmentId: segment.id,
    campaignId: campaign.id,
    webhookId: webhook.id,
    complaintTeamId: team.id,
    complaintId: complaint.id,
    compensationId: compensation.id,
    importId: upload.body.id,
    savedViewId: savedView.id,
    customerId: customer.id,
    customFieldId: field.id,
    productId: product.id,
    transactionId: transaction.id,
    interactionId: interaction.id,
    contractId: contract.id,
    loyaltyLevelId: level.id,
    loyaltyPromotionId: promotion.id,
    loyaltyRewardId: reward.id,
    loyaltyRedemptionId: redemption.id,
    voucherCode: redemption.voucherCode,
    defectionId: defected.defection.id,
    exitSurveyToken: defected.exitSurvey.token,
    loyaltyParkedId: parked.rows[0].id as string,
  };
}
