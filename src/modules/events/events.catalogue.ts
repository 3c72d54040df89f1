// Owns the list of event types Tenure emits, so subscribers (webhook filters) can be checked
// against it. A domain that emits a new type adds a line here.
export const eventCatalogue = [
  { type: 'customer.tier_changed', description: 'A scoring run moved a customer to another pyramid tier (or gave them their first), with the reason' },
  { type: 'complaint.registered', description: 'A complaint was registered (by an agent or the public form)' },
  { type: 'complaint.validated', description: 'A complaint was judged valid, with its severity and deadline' },
  { type: 'complaint.invalidated', description: 'A complaint was judged invalid, with the reason' },
  { type: 'complaint.at_risk', description: 'A complaint passed 75% of its resolution deadline' },
  { type: 'complaint.breached', description: 'A complaint passed its resolution deadline and was escalated' },
  { type: 'complaint.escalated', description: 'A complaint was escalated to a manager' },
  { type: 'complaint.resolved', description: 'A complaint was resolved; the customer is asked to rate the solution' },
  { type: 'complaint.satisfaction_rated', description: 'The customer rated the solution of a complaint' },
  { type: 'complaint.closed', description: 'A complaint was closed' },
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
