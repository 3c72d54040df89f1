// A complaint's SLA countdown runs only while the complaint is open: a closed one, even one
// closed late, is never shown "overdue".
import { expect, test } from 'vitest';
import { slaClockRunning } from './model.ts';

test.each([
  ['under_analysis', 'breached', true],
  ['in_resolution', 'at_risk', true],
  ['registered', 'on_track', true],
  ['closed', 'breached', false],
  ['resolved', 'breached', false],
  ['satisfaction_checked', 'breached', false],
  ['invalid', 'at_risk', false],
  ['in_resolution', 'met', false],
  ['registered', null, false],
] as const)('%s, %s → running %s', (status, slaState, running) => {
  expect(slaClockRunning({ status, slaState })).toBe(running);
});
