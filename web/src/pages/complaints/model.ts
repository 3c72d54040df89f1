// What the complaint screens share: wire types (from the OpenAPI document), the status machine
// (the server's own table, so the UI offers exactly the moves the API accepts) and which fields
// each move needs.
import type { Schemas } from '../../api.ts';
import type { ComplaintStatus } from '../../../../src/modules/complaints/complaints.status.ts';

export {
  complaintStatuses,
  nextStatuses,
  slaStates,
  type ComplaintStatus,
  type SlaState,
} from '../../../../src/modules/complaints/complaints.status.ts';
export type ComplaintChannel = Schemas['RegisterComplaint']['channel'];
// The document's lists as values; `satisfies` keeps them in step.
export const complaintChannels = [
  'phone',
  'email',
  'sms',
  'whatsapp',
  'web',
  'store_visit',
  'social',
  'letter',
  'other',
] as const satisfies readonly ComplaintChannel[];
export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

export type TransitionRecord = Schemas['ComplaintTransitionRecord'];

/** The fields a move requires (the server answers 422 without them). */
export function requiredFields(to: ComplaintStatus): ('reason' | 'severity' | 'solution' | 'rootCause')[] {
  if (to === 'valid') return ['reason', 'severity'];
  if (to === 'invalid') return ['reason'];
  if (to === 'resolved') return ['solution', 'rootCause'];
  return [];
}

export const statusColor: Record<ComplaintStatus, string> = {
  registered: 'blue',
  under_analysis: 'indigo',
  invalid: 'gray',
  valid: 'cyan',
  in_resolution: 'violet',
  resolved: 'teal',
  satisfaction_checked: 'green',
  closed: 'dark',
};

/** Past these statuses the SLA clock has stopped: no countdown, and a late one is no longer "overdue". */
const clockStopped: readonly ComplaintStatus[] = ['invalid', 'resolved', 'satisfaction_checked', 'closed'];

export const slaClockRunning = (c: { slaState: string | null; status: ComplaintStatus }) =>
  c.slaState !== null && c.slaState !== 'met' && !clockStopped.includes(c.status);

export const slaColor = { on_track: 'teal', at_risk: 'yellow', breached: 'red', met: 'green' } as const;

export const complaintsKey = ['complaints'] as const;
