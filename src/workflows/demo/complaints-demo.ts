// Demo complaints: a care team of the workspace's people, routing for every category, and
// complaints from demo customers (as many as the demo's size warrants: demoComplaintCount) in
// every state of the workflow, with SLA outcomes, ratings and compensations (some awaiting a
// manager's approval) — made through the same services as the API, at seeded times in the past.
// Runs once per workspace (skipped when it already has complaints).
import type { Db } from '../../db/client.ts';
import { pick, seededRng } from '../../lib/random.ts';
import {
  type ComplaintActor,
  createTeam,
  hasComplaints,
  recordCompensation,
  registerComplaint,
  setRouting,
  sweepSla,
  transitionComplaint,
  updateComplaintSettings,
} from '../../modules/complaints/index.ts';
import { findCustomerIdsByExternalIds } from '../../modules/customers/index.ts';
import { listWorkspaceMembers } from '../../modules/users/index.ts';
import { complaintHooks } from '../complaint-hooks.ts';

const HOUR = 3_600_000;

/** Per category: subject, description, solution, root cause. */
const stories = [
  [
    'billing',
    'Charged twice',
    'My card shows two charges for the same order.',
    'Refunded the duplicate charge and fixed the payment retry.',
    'billing_error',
  ],
  [
    'billing',
    'Wrong subscription price',
    'I was billed the old price after the promotion.',
    'Credited the difference and corrected the plan price.',
    'billing_error',
  ],
  [
    'delivery',
    'Parcel arrived late',
    'The order came a week after the promised date.',
    'Apologised and refunded the shipping fee.',
    'delivery_delay',
  ],
  [
    'delivery',
    'Box arrived damaged',
    'The espresso machine arrived with a cracked water tank.',
    'Sent a replacement tank by express courier.',
    'third_party',
  ],
  [
    'product',
    'Grinder stopped working',
    'The grinder stopped after two weeks of use.',
    'Replaced the unit under warranty.',
    'product_defect',
  ],
  [
    'product',
    'Coffee tasted stale',
    'The beans were past their best-before date.',
    'Replaced the bag and checked the stock rotation.',
    'process_failure',
  ],
  [
    'service',
    'Rude answer in the store',
    'The clerk was rude when I asked about a refund.',
    'Manager called the customer; coaching for the team.',
    'staff_conduct',
  ],
  [
    'service',
    'No answer to my emails',
    'I wrote three times without any reply.',
    'Answered and added an alert for unanswered emails.',
    'communication',
  ],
  [
    'website',
    'Checkout keeps failing',
    'The payment page shows an error at the last step.',
    'Fixed the payment form validation.',
    'process_failure',
  ],
  [
    'other',
    'Loyalty points missing',
    'My points from last month were not credited.',
    'Credited the points by hand.',
    'process_failure',
  ],
] as const;

type Ending =
  | 'registered'
  | 'under_analysis'
  | 'invalid'
  | 'invalid_closed'
  | 'valid'
  | 'in_resolution'
  | 'resolved'
  | 'satisfaction_checked'
  | 'closed';
// Every state first (a small demo still shows the whole workflow), then the usual mix.
const endings: Ending[] = [
  'registered',
  'under_analysis',
  'invalid',
  'valid',
  'in_resolution',
  'resolved',
  'satisfaction_checked',
  'closed',
  'invalid_closed',
  'in_resolution',
  'closed',
  'closed',
  'closed',
];
const everyState = 10;

// The first open complaints with a running SLA are placed so that a demo of any size shows each SLA
// state on the home dashboard (no tier yet when the demo loads: 72/48/24 h for medium/high/critical):
// one well inside its time, one at risk (past three quarters of it), one breached; and the first
// resolved one is resolved in time ("met").
const slaShowcase: Partial<Record<number, { severity: 'medium' | 'high' | 'critical'; ageHours?: number }>> = {
  3: { severity: 'high', ageHours: 42 },
  4: { severity: 'medium', ageHours: 6 },
  5: { severity: 'medium' },
  9: { severity: 'critical', ageHours: 40 },
};

/** About one complaint per 50 customers over the demo's last four months: every workflow and SLA state, at most 40. */
export const demoComplaintCount = (customers: number) =>
  Math.min(customers, 40, Math.max(everyState, Math.round(customers / 50)));
const paths: Record<Ending, string[]> = {
  registered: [],
  under_analysis: ['under_analysis'],
  invalid: ['under_analysis', 'invalid'],
  invalid_closed: ['under_analysis', 'invalid', 'closed'],
  valid: ['under_analysis', 'valid'],
  in_resolution: ['under_analysis', 'valid', 'in_resolution'],
  resolved: ['under_analysis', 'valid', 'in_resolution', 'resolved'],
  satisfaction_checked: ['under_analysis', 'valid', 'in_resolution', 'resolved', 'satisfaction_checked'],
  closed: ['under_analysis', 'valid', 'in_resolution', 'resolved', 'satisfaction_checked', 'closed'],
};

export async function loadDemoComplaints(
  ctx: { db: Db; now: () => Date },
  options: { workspaceId: string; seed: number; customers: number; count?: number; signal?: AbortSignal },
): Promise<number> {
  const ws = options.workspaceId;
  if (await hasComplaints(ctx.db, ws)) return 0;
  const rng = seededRng(options.seed * 7_919 + 17);
  const end = ctx.now().getTime();
  let clock = end;
  const at = { db: ctx.db, now: () => new Date(clock) };
  const members = await listWorkspaceMembers(ctx, ws);
  const lead = members.find((m) => m.role === 'owner') ?? members[0];
  if (!lead) return 0;
  await updateComplaintSettings(ctx, ws, { publicFormEnabled: true, handlingCostMinor: 1_500 });
  const team = await createTeam(ctx, ws, {
    name: 'Customer care',
    strategy: 'least_loaded',
    members: members.map((m) => ({ userId: m.id, manager: ['owner', 'admin', 'manager'].includes(m.role) })),
  });
  await setRouting(ctx, ws, [{ category: '*', teamId: team.id }]);

  const count = Math.min(options.count ?? demoComplaintCount(options.customers), options.customers);
  const externalIds = Array.from(
    { length: count },
    () => `C${String(1 + Math.floor(rng() * options.customers)).padStart(7, '0')}`,
  );
  const customerIds = await findCustomerIdsByExternalIds(ctx.db, ws, externalIds);
  const actor: ComplaintActor = { userId: lead.id, tokenId: null, role: lead.role };
  // History, not live work: resolving the demo's complaints leaves no follow-up tasks behind.
  const hooks = complaintHooks(ctx, { followUpResolved: undefined });
  let made = 0;
  for (let i = 0; i < count; i++) {
    // A shutdown stops between complaints (the demo is then partial; it is not topped up later).
    if (options.signal?.aborted) break;
    const customerId = customerIds.get(externalIds[i]);
    if (!customerId) continue;
    const [category, subject, description, solution, rootCause] = pick(rng, stories);
    const ending = i < endings.length ? endings[i] : pick(rng, endings);
    const show = i < endings.length ? slaShowcase[i] : undefined;
    const severity = show?.severity ?? pick(rng, ['low', 'medium', 'medium', 'high', 'high', 'critical'] as const);
    // Open complaints are recent; finished ones spread over the last four months.
    const open = ['registered', 'under_analysis', 'invalid', 'valid', 'in_resolution'].includes(ending);
    clock = end - (show?.ageHours ?? (open ? 1 + rng() * 60 : 24 + rng() * 120 * 24)) * HOUR;
    const { complaint } = await registerComplaint(
      at,
      ws,
      {
        customerId,
        category,
        channel: pick(rng, ['phone', 'email', 'web', 'store_visit', 'whatsapp'] as const),
        subject,
        description,
      },
      { label: `user:${lead.id}`, source: 'agent' },
    );
    for (const to of paths[ending]) {
      const step = to === 'resolved' ? (show ? 4 : 4 + rng() * 80) : 0.5 + rng() * 6;
      clock = Math.min(end, clock + step * HOUR);
      await transitionComplaint(
        at,
        hooks,
        ws,
        complaint.id,
        {
          to,
          severity: to === 'valid' ? severity : undefined,
          reason:
            to === 'valid'
              ? 'Confirmed with the order history'
              : to === 'invalid'
                ? 'The order was never placed with us'
                : undefined,
          solution: to === 'resolved' ? solution : undefined,
          rootCause: to === 'resolved' ? rootCause : undefined,
          satisfactionScore: to === 'satisfaction_checked' ? pick(rng, [2, 3, 4, 4, 5, 5, 5]) : undefined,
        },
        actor,
      );
      if (to === 'valid' && (severity === 'high' || severity === 'critical') && rng() < 0.5) {
        await recordCompensation(
          at,
          hooks,
          ws,
          complaint.id,
          { type: 'points', amount: severity === 'critical' ? 5_000 : 2_500, note: 'Goodwill points' },
          actor,
        );
      }
    }
    // Complaints still being resolved carry a larger offer, above the approval threshold and made
    // by the system (no approver), so a manager finds compensations waiting for a decision.
    if (ending === 'in_resolution')
      await recordCompensation(
        at,
        hooks,
        ws,
        complaint.id,
        { type: 'points', amount: 15_000, note: 'Goodwill for a repeated failure' },
        { userId: null, tokenId: null, role: null },
      );
    made++;
  }
  // Let the SLA clock catch up with today: open complaints become at risk or breached.
  clock = end;
  await sweepSla(at);
  return made;
}
