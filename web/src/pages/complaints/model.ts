// What the complaint screens share: wire types the DTO module does not name, the status machine
// (the server's own table, so the UI offers exactly the moves the API accepts) and which fields
// each move needs.
import type { z } from '@hono/zod-openapi';
import type { complaintChannels as serverChannels, SuggestionSchema, TransitionSchema } from '../../../../src/modules/complaints/complaints.dto.ts';
import type { ComplaintStatus } from '../../../../src/modules/complaints/complaints.status.ts';

export { complaintStatuses, nextStatuses, slaStates, type ComplaintStatus, type SlaState } from '../../../../src/modules/complaints/complaints.status.ts';
// Copies of the DTO lists (importing the DTO module would bundle zod); `satisfies` keeps them in step.
export const complaintChannels = ['phone', 'email', 'sms', 'whatsapp', 'web', 'store_visit', 'social', 'letter', 'other'] as const satisfies readonly (typeof serverChannels)[number][];
export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

export type TransitionRecord = z.infer<typeof TransitionSchema>;
export type Suggestion = z.infer<typeof SuggestionSchema>;
export type PublicForm = { workspace: { name: string; locale: string }; categories: string[] };
export type PublicRegistered = { reference: string; statusToken: string; statusPath: string };

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

export const slaColor = { on_track: 'teal', at_risk: 'yellow', breached: 'red', met: 'green' } as const;

export const complaintsKey = ['complaints'] as const;
