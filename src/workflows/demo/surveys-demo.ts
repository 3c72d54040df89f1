// Demo voice of the customer: a year of answered NPS and CSAT surveys from demo customers (NPS
// slowly improving, a few comments to search) and a few dozen feedback entries — compliments
// naming the workspace's people, agents' notes (some with intent to leave) and a focus-group and
// an interview report. Seeded; runs once per workspace (skipped when it already has surveys).
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import type { Ctx } from '../../deps.ts';
import { seededRng } from '../../lib/random.ts';
import { liveCustomers } from '../../modules/customers/index.ts';
import { recordFeedback } from '../../modules/feedback/index.ts';
import { type AnsweredSurvey, insertAnsweredSurveys } from '../../modules/surveys/index.ts';
import { listWorkspaceMembers } from '../../modules/users/index.ts';

const DAY = 86_400_000;
const comments = {
  low: [
    'Delivery was late again',
    'Nobody answered my emails',
    'Too expensive for what it is',
    'The app keeps crashing',
  ],
  mid: ['Fine, nothing special', 'Good product, slow support'],
  high: ['Fast and friendly service', 'Always solved on the first call', 'Great quality, will buy again'],
};
const notes = [
  ['negative', true, 'Asked how to cancel; mentioned a cheaper competitor'],
  ['neutral', false, 'Called about an invoice; calm, wants paper copies'],
  ['positive', false, 'Happy with the new plan; may add a second site'],
  ['negative', false, 'Upset about a late delivery, accepted the voucher'],
] as const;

export async function loadDemoVoice(ctx: Ctx, workspaceId: string, seed: number, end: Date) {
  const rng = seededRng(seed + 18);
  const customers = await queryRows<{ id: string }>(
    ctx.db,
    sql`select id from (${liveCustomers(workspaceId)}) c order by id limit 600`,
  );
  if (customers.length === 0) return { surveys: 0, feedback: 0 };
  const rows: AnsweredSurvey[] = [];
  for (const [i, c] of customers.entries()) {
    const kind = i % 3 === 0 ? 'csat' : 'nps';
    const monthsAgo = Math.floor(rng() * 12);
    const sentAt = new Date(end.getTime() - (monthsAgo * 30 + rng() * 26 + 4) * DAY); // answered before `end`
    const lift = (11 - monthsAgo) * 0.012; // the later, the better
    const r = rng();
    const band = r < 0.24 - lift ? 'low' : r < 0.5 - lift ? 'mid' : 'high';
    const score =
      kind === 'nps'
        ? band === 'low'
          ? Math.floor(rng() * 7)
          : band === 'mid'
            ? 7 + Math.floor(rng() * 2)
            : 9 + Math.floor(rng() * 2)
        : band === 'low'
          ? 1 + Math.floor(rng() * 3)
          : 4 + Math.floor(rng() * 2);
    const list = comments[band];
    rows.push({
      customerId: c.id,
      kind,
      trigger: kind === 'nps' ? 'relationship' : 'purchase',
      locale: 'en',
      sentAt,
      answeredAt: new Date(sentAt.getTime() + (1 + rng() * 72) * 3_600_000),
      score,
      comment: rng() < 0.4 ? list[Math.floor(rng() * list.length)] : null,
    });
  }
  const surveys = await insertAnsweredSurveys(ctx.db, workspaceId, rows);
  if (surveys === 0) return { surveys: 0, feedback: 0 };
  const members = await listWorkspaceMembers(ctx, workspaceId);
  let feedback = 0;
  const at = (i: number) => new Date(end.getTime() - (i * 9 + 1) * DAY).toISOString();
  for (let i = 0; i < 24; i++) {
    const customerId = customers[Math.floor(rng() * customers.length)].id;
    const employee = members[i % Math.max(1, members.length)];
    const input =
      i % 2 === 0
        ? {
            kind: 'compliment' as const,
            customerId,
            employeeId: employee?.id,
            body: pickOne(rng, comments.high),
            occurredAt: at(i),
          }
        : (() => {
            const [sentiment, intentToLeave, body] = notes[i % notes.length];
            return { kind: 'agent_note' as const, customerId, sentiment, intentToLeave, body, occurredAt: at(i) };
          })();
    await recordFeedback(ctx, workspaceId, input, 'system');
    feedback++;
  }
  await recordFeedback(
    ctx,
    workspaceId,
    {
      kind: 'focus_group',
      segment: 'Gold customers',
      body: 'Eight customers. Delivery windows are the main pain; the loyalty rewards are valued.',
      occurredAt: at(5),
    },
    'system',
  );
  await recordFeedback(
    ctx,
    workspaceId,
    {
      kind: 'interview',
      segment: 'Lapsed buyers',
      body: 'Left for lower prices; would return for faster delivery.',
      occurredAt: at(12),
    },
    'system',
  );
  return { surveys, feedback: feedback + 2 };
}

const pickOne = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)];
