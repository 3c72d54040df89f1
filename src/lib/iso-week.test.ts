import { describe, expect, test } from 'vitest';
import { isoWeekIn, isoWeekLabel, localMidnight } from './iso-week.ts';

const day = (s: string) => new Date(`${s}T00:00:00Z`);

describe('ISO weeks in a time zone', () => {
  test('week numbers (ISO 8601: week 1 holds the first Thursday)', () => {
    // 2026-01-01 is a Thursday: week 1 starts Mon 2025-12-29. 2027-01-01 is a Friday: week 53 of 2026.
    expect(isoWeekLabel(day('2025-12-29'))).toBe('2026-W01');
    expect(isoWeekLabel(day('2026-12-05'))).toBe('2026-W49');
    expect(isoWeekLabel(day('2027-01-01'))).toBe('2026-W53');
    expect(isoWeekLabel(day('2027-01-04'))).toBe('2027-W01');
  });

  test('local midnights across a DST change', () => {
    expect(localMidnight(day('2026-07-06'), 'America/Sao_Paulo').toISOString()).toBe('2026-07-06T03:00:00.000Z');
    // Europe/Lisbon: WET (UTC+0) until 29 Mar 2026, then WEST (UTC+1).
    expect(localMidnight(day('2026-03-23'), 'Europe/Lisbon').toISOString()).toBe('2026-03-23T00:00:00.000Z');
    expect(localMidnight(day('2026-03-30'), 'Europe/Lisbon').toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  test('the week before, by local time', () => {
    // Monday 02:00 UTC is still Sunday evening in São Paulo: the week before is two weeks back in UTC terms.
    const w = isoWeekIn(new Date('2026-12-07T02:00:00Z'), 'America/Sao_Paulo', 1);
    expect(w).toMatchObject({ label: '2026-W48', from: new Date('2026-11-23T03:00:00Z') });
    expect(w.to).toEqual(new Date('2026-11-30T03:00:00Z'));
    expect(isoWeekIn(new Date('2026-12-07T02:00:00Z'), 'UTC', 1).label).toBe('2026-W49');
  });
});
