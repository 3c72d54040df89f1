// Owns the complaint status machine as data: which status may follow which. Services refuse
// anything else with 409; every accepted move is recorded (who, when, from, to, note).
export const complaintStatuses = [
  'registered',
  'under_analysis',
  'invalid',
  'valid',
  'in_resolution',
  'resolved',
  'satisfaction_checked',
  'closed',
] as const;
export type ComplaintStatus = (typeof complaintStatuses)[number];

/**
 * registered → under_analysis → (invalid → closed) | valid → in_resolution → resolved →
 * satisfaction_checked → closed. A resolved complaint may also be closed without a rating (the
 * customer did not answer); that is the only shortcut.
 */
export const nextStatuses: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  registered: ['under_analysis'],
  under_analysis: ['valid', 'invalid'],
  invalid: ['closed'],
  valid: ['in_resolution'],
  in_resolution: ['resolved'],
  resolved: ['satisfaction_checked', 'closed'],
  satisfaction_checked: ['closed'],
  closed: [],
};

export const canMove = (from: ComplaintStatus, to: ComplaintStatus) => nextStatuses[from].includes(to);

/** Statuses in which a complaint still waits for work (and its SLA clock runs once set). */
export const openStatuses = [
  'registered',
  'under_analysis',
  'valid',
  'in_resolution',
] as const satisfies readonly ComplaintStatus[];
/** Statuses in which the SLA deadline is watched by the sweep. */
export const slaWatchedStatuses = ['valid', 'in_resolution'] as const satisfies readonly ComplaintStatus[];

export const slaStates = ['on_track', 'at_risk', 'breached', 'met'] as const;
export type SlaState = (typeof slaStates)[number];
