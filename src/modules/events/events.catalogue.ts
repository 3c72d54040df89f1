// Owns the list of event types Tenure emits, so subscribers (webhook filters) can be checked
// against it. A domain that emits a new type adds a line here.
export const eventCatalogue = [
  {
    type: 'customer.tier_changed',
    description: 'A scoring run moved a customer to another pyramid tier (or gave them their first), with the reason',
  },
  {
    type: 'customer.defected',
    description: 'A customer left: recorded by staff, by a contract cancellation or by an exit survey, with the reason',
  },
  {
    type: 'customer.erased',
    description:
      'A customer’s personal data was erased (privacy request): only the id is sent, so other systems erase theirs',
  },
  { type: 'customer.reactivated', description: 'A customer who had left or lapsed was won back' },
  {
    type: 'customer.lapsed',
    description:
      'A scoring run found a customer’s chance of still being active (P(alive)) under the workspace threshold',
  },
  {
    type: 'customer.exit_survey_answered',
    description: 'A customer who left gave their reason through the exit survey',
  },
  {
    type: 'survey.answered',
    description: 'A customer answered an NPS or CSAT survey: kind, score and group (the comment stays in Tenure)',
  },
  {
    type: 'feedback.recorded',
    description:
      'Feedback was recorded: a compliment (naming the employee), an agent note or a focus-group/interview report',
  },
  { type: 'complaint.registered', description: 'A complaint was registered (by an agent or the public form)' },
  { type: 'complaint.validated', description: 'A complaint was judged valid, with its severity and deadline' },
  { type: 'complaint.invalidated', description: 'A complaint was judged invalid, with the reason' },
  { type: 'complaint.at_risk', description: 'A complaint passed 75% of its resolution deadline' },
  { type: 'complaint.breached', description: 'A complaint passed its resolution deadline and was escalated' },
  { type: 'complaint.escalated', description: 'A complaint was escalated to a manager' },
  { type: 'complaint.resolved', description: 'A complaint was resolved; the customer is asked to rate the solution' },
  { type: 'complaint.satisfaction_rated', description: 'The customer rated the solution of a complaint' },
  { type: 'complaint.closed', description: 'A complaint was closed' },
  { type: 'complaint.assigned', description: 'A complaint was assigned or reassigned' },
  { type: 'complaint.compensation_requested', description: 'A compensation above the threshold awaits a manager' },
  {
    type: 'complaint.compensation_approved',
    description: 'A compensation was approved (goodwill points posted when it is points)',
  },
  { type: 'complaint.compensation_rejected', description: 'A compensation was rejected' },
  { type: 'loyalty.points_earned', description: 'A member earned points on a purchase, with the rule breakdown' },
  { type: 'loyalty.points_reversed', description: 'A return reversed the points its purchase earned' },
  { type: 'loyalty.points_redeemed', description: 'A member redeemed points for a reward; a voucher was issued' },
  { type: 'loyalty.voucher_consumed', description: 'A voucher was used at a point of sale or web shop' },
  { type: 'loyalty.points_expired', description: 'Points reached their expiry date' },
  { type: 'loyalty.points_adjusted', description: 'Points were corrected by hand' },
  { type: 'loyalty.compensation_granted', description: 'Goodwill points were granted' },
  { type: 'loyalty.level_changed', description: 'A member moved to another membership level' },
  {
    type: 'loyalty.level_grace_started',
    description: 'A member keeps their level for a grace period before a downgrade',
  },
] as const satisfies readonly { type: string; description: string }[];

export type CatalogueEntry = (typeof eventCatalogue)[number];

/** `*` (everything), an exact known type, or a prefix ending in `.` that some known type has. */
export function isKnownEventFilter(filter: string): boolean {
  if (filter === '*') return true;
  if (filter.endsWith('.')) return eventCatalogue.some((e) => e.type.startsWith(filter));
  return eventCatalogue.some((e) => e.type === filter);
}

/** Whether an event type passes a list of filters as accepted by `isKnownEventFilter`. */
export const eventMatches = (type: string, filters: readonly string[]): boolean =>
  filters.some((f) => f === '*' || f === type || (f.endsWith('.') && type.startsWith(f)));
