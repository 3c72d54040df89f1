// NPS and CSAT through the API equal the values computed by hand from the raw answers (the rows
// the list returns), overall and month by month, with the standard error of NPS
// √((p + d − (p − d)²) / n) (whuber, Cross Validated, https://stats.stackexchange.com/q/18603)
// and of CSAT √(s(1 − s) / n); the comment search finds words in comments.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let ws: Awaited<ReturnType<TestApp['workspace']>>;
let ip = 0;

beforeAll(async () => {
  t = await createTestApp({
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: '9', MAIL_FROM: 'care@tenure.test', PUBLIC_FORM_MAX_PER_IP: '50' },
  });
  ws = await t.workspace('Results Shop');
});
afterAll(() => t.close());

async function ok(method: string, path: string, body?: unknown) {
  const r = await t.request(method, `/api/v1${path}`, { token: ws.ownerToken, body });
  expect(r.status, r.text).toBeLessThan(300);
  return r.body;
}

async function answered(kind: 'nps' | 'csat', score: number, comment?: string) {
  const c = (await ok('POST', '/customers', { name: `C ${kind} ${score}`, email: `c${++ip}@example.com` })).id;
  await ok('PUT', `/customers/${c}/consents`, { consents: [{ channel: 'email', purpose: 'service', granted: true }] });
  const s = await ok('POST', '/surveys', { customerId: c, kind });
  const token = (s.pagePath as string).split('/').at(-1);
  const r = await t.request('POST', `/api/v1/public/surveys/${token}`, {
    body: { score, ...(comment ? { comment } : {}) },
    headers: { 'x-forwarded-for': `203.0.113.${ip % 250}` },
  });
  expect(r.status, r.text).toBe(200);
}

const byHand = (scores: number[]) => {
  const n = scores.length;
  const p = scores.filter((s) => s >= 9).length / n;
  const d = scores.filter((s) => s <= 6).length / n;
  return { nps: 100 * (p - d), se: 100 * Math.sqrt((p + d - (p - d) ** 2) / n) };
};

describe('survey results', () => {
  test('NPS and CSAT equal the hand computation from the raw rows, overall and by month', async () => {
    t.clock.set(new Date('2026-01-15T10:00:00Z'));
    for (const s of [10, 9, 9, 8, 3]) await answered('nps', s, s === 3 ? 'Slow delivery, again' : undefined);
    for (const s of [5, 4, 2]) await answered('csat', s);
    t.clock.set(new Date('2026-02-03T10:00:00Z'));
    for (const s of [10, 7, 6, 0]) await answered('nps', s, s === 0 ? 'Delivery never came' : undefined);
    await answered('csat', 5);
    await ok('POST', '/surveys', {
      customerId: (await ok('POST', '/customers', { name: 'Unanswered' })).id,
      kind: 'nps',
    });

    // The raw rows, as the list gives them.
    const rows = (await ok('GET', '/surveys?limit=200&answered=true')).items as {
      kind: string;
      score: number;
      answeredAt: string;
    }[];
    const nps = rows.filter((r) => r.kind === 'nps').map((r) => r.score);
    const csat = rows.filter((r) => r.kind === 'csat').map((r) => r.score);
    expect(nps).toHaveLength(9);

    const r = await ok('GET', '/surveys/results?from=2026-01&to=2026-02');
    const all = byHand(nps);
    expect(r.nps).toMatchObject({ promoters: 4, passives: 2, detractors: 3, n: 9 });
    expect(r.nps.nps).toBeCloseTo(all.nps, 10); // (4 − 3) / 9 = 11.11
    expect(r.nps.standardError).toBeCloseTo(all.se, 10);
    expect(r.nps.low).toBeCloseTo(all.nps - 1.959964 * all.se, 4);
    const s = csat.filter((x) => x >= 4).length / csat.length;
    expect(r.csat).toMatchObject({ satisfied: 3, n: 4, csat: 75 });
    expect(r.csat.standardError).toBeCloseTo(100 * Math.sqrt((s * (1 - s)) / csat.length), 10);

    const jan = byHand(rows.filter((x) => x.kind === 'nps' && x.answeredAt < '2026-02').map((x) => x.score));
    expect(r.months.map((m: { month: string }) => m.month)).toEqual(['2026-01', '2026-02']);
    expect(r.months[0].nps.nps).toBeCloseTo(jan.nps, 10); // (3 − 1) / 5 = 40
    expect(r.months[0].nps.standardError).toBeCloseTo(jan.se, 10);
    expect(r.months[1].nps).toMatchObject({ promoters: 1, passives: 1, detractors: 2, nps: -25 });
    expect(r.months[1].csat).toMatchObject({ satisfied: 1, n: 1, csat: 100 });
    // 15 sent with a channel (the unanswered customer has no consent and is not counted), 14 answered.
    expect(r.sent).toEqual({ nps: 9, csat: 4 });
    expect(r.responseRate).toEqual({ nps: 1, csat: 1 });
  });

  test('comments are searchable, and groups filter answers', async () => {
    const found = (await ok('GET', '/surveys?q=delivery')).items.map((i: { comment: string }) => i.comment);
    expect(found.sort()).toEqual(['Delivery never came', 'Slow delivery, again']);
    expect((await ok('GET', '/surveys?q=%25')).items).toHaveLength(0); // a % is a character, not a wildcard
    const detractors = (await ok('GET', '/surveys?category=detractor')).items.map((i: { score: number }) => i.score);
    expect(detractors.sort()).toEqual([0, 3, 6]);
    const bad = await t.request('GET', '/api/v1/surveys?kind=csat&category=promoter', { token: ws.ownerToken });
    expect(bad.status).toBe(422);
    expect((await t.request('GET', '/api/v1/surveys/results?from=2026-13', { token: ws.ownerToken })).status).toBe(422);
  });
});
