import { describe, expect, test } from 'vitest';
import { canMove, defaultLaw, dueAt } from './privacy.status.ts';

describe('deadlines', () => {
  test('LGPD gives 15 days', () => {
    expect(dueAt('lgpd', new Date('2026-03-20T10:00:00Z')).toISOString()).toBe('2026-04-04T10:00:00.000Z');
  });
  test('GDPR gives one calendar month, ending on the month’s last day when it is shorter', () => {
    expect(dueAt('gdpr', new Date('2026-03-20T10:00:00Z')).toISOString()).toBe('2026-04-20T10:00:00.000Z');
    expect(dueAt('gdpr', new Date('2026-01-31T08:00:00Z')).toISOString()).toBe('2026-02-28T08:00:00.000Z');
    expect(dueAt('gdpr', new Date('2026-12-15T08:00:00Z')).toISOString()).toBe('2027-01-15T08:00:00.000Z');
  });
  test('the default law follows the workspace locale', () => {
    expect(defaultLaw('pt-BR')).toBe('lgpd');
    expect(defaultLaw('es')).toBe('gdpr');
  });
});

test('the status machine', () => {
  expect(canMove('received', 'in_progress')).toBe(true);
  expect(canMove('in_progress', 'completed')).toBe(true);
  expect(canMove('received', 'completed')).toBe(false);
  expect(canMove('completed', 'rejected')).toBe(false);
});
