// Pure rules of complaints: deadline arithmetic in business hours (time zones, DST, holidays),
// the SLA plan, the status machine and the compensation formula. No database.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { proposeCompensation } from './complaints.compensation-formula.ts';
import {
  addBusinessHours,
  type BusinessCalendar,
  businessHoursBetween,
  defaultSlaMatrix,
  defaultWeeklyHours,
  planSla,
  weeklyHoursErrors,
} from './complaints.sla.ts';
import { canMove, complaintStatuses, nextStatuses } from './complaints.status.ts';

const officeUtc: BusinessCalendar = { timeZone: 'UTC', weekly: defaultWeeklyHours, holidays: [] };
const alwaysOpen = (timeZone: string): BusinessCalendar => ({
  timeZone,
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
  holidays: [],
});
const at = (s: string) => new Date(s);
const HOUR = 3_600_000;

describe('addBusinessHours', () => {
  test('counts only opening hours: Friday 17:00 + 2 h is Monday 10:00', () => {
    expect(addBusinessHours(at('2026-03-06T17:00:00Z'), 2, officeUtc).toISOString()).toBe('2026-03-09T10:00:00.000Z');
  });

  test('a start outside opening hours begins at the next opening', () => {
    expect(addBusinessHours(at('2026-03-07T11:00:00Z'), 1, officeUtc).toISOString()).toBe('2026-03-09T10:00:00.000Z');
    expect(addBusinessHours(at('2026-03-09T06:30:00Z'), 0.5, officeUtc).toISOString()).toBe('2026-03-09T09:30:00.000Z');
    expect(addBusinessHours(at('2026-03-09T19:00:00Z'), 0, officeUtc).toISOString()).toBe('2026-03-10T09:00:00.000Z');
  });

  test('24 business hours from Friday 17:00 end on Wednesday 14:00; a Monday holiday pushes it to Thursday', () => {
    expect(addBusinessHours(at('2026-03-06T17:00:00Z'), 24, officeUtc).toISOString()).toBe('2026-03-11T14:00:00.000Z');
    expect(
      addBusinessHours(at('2026-03-06T17:00:00Z'), 24, { ...officeUtc, holidays: ['2026-03-09'] }).toISOString(),
    ).toBe('2026-03-12T14:00:00.000Z');
  });

  test('opening hours are local to the workspace time zone', () => {
    const saoPaulo = { ...officeUtc, timeZone: 'America/Sao_Paulo' }; // UTC-3 all year since 2019
    expect(addBusinessHours(at('2026-03-02T11:00:00Z'), 1, saoPaulo).toISOString()).toBe('2026-03-02T13:00:00.000Z');
    // Friday 17:30 local (20:30Z) + 1 h → Monday 09:30 local.
    expect(addBusinessHours(at('2026-03-06T20:30:00Z'), 1, saoPaulo).toISOString()).toBe('2026-03-09T12:30:00.000Z');
    // A holiday is a local date: 2026-03-09 in São Paulo.
    expect(
      addBusinessHours(at('2026-03-06T20:30:00Z'), 1, { ...saoPaulo, holidays: ['2026-03-09'] }).toISOString(),
    ).toBe('2026-03-10T12:30:00.000Z');
  });

  test('across a DST change the clock runs in real hours', () => {
    // New York springs forward on 2026-03-08 at 02:00: that local day has 23 hours.
    const ny = alwaysOpen('America/New_York');
    const start = at('2026-03-07T17:00:00Z');
    expect(addBusinessHours(start, 24, ny).getTime()).toBe(start.getTime() + 24 * HOUR);
    expect(businessHoursBetween(at('2026-03-08T05:00:00Z'), at('2026-03-09T04:00:00Z'), ny)).toBe(23);
    // An interval 01:00–04:00 local on that day lasts two real hours (02:00–03:00 never happens).
    const night: BusinessCalendar = {
      timeZone: 'America/New_York',
      weekly: { sun: [['01:00', '04:00']] },
      holidays: [],
    };
    expect(businessHoursBetween(at('2026-03-08T00:00:00Z'), at('2026-03-09T00:00:00Z'), night)).toBe(2);
    expect(addBusinessHours(at('2026-03-08T00:00:00Z'), 2, night).toISOString()).toBe('2026-03-08T08:00:00.000Z');
  });

  test('"24:00" closes at midnight; several intervals a day are walked in order', () => {
    const split: BusinessCalendar = {
      timeZone: 'UTC',
      weekly: {
        mon: [
          ['14:00', '18:00'],
          ['08:00', '12:00'],
        ],
        tue: [['20:00', '24:00']],
      },
      holidays: [],
    };
    expect(addBusinessHours(at('2026-03-09T07:00:00Z'), 5, split).toISOString()).toBe('2026-03-09T15:00:00.000Z');
    expect(addBusinessHours(at('2026-03-09T17:00:00Z'), 3, split).toISOString()).toBe('2026-03-10T22:00:00.000Z');
    expect(addBusinessHours(at('2026-03-09T17:00:00Z'), 5, split).toISOString()).toBe('2026-03-11T00:00:00.000Z');
  });

  test('refuses negative hours, unknown zones and calendars without hours', () => {
    expect(() => addBusinessHours(at('2026-03-09T00:00:00Z'), -1, officeUtc)).toThrow(RangeError);
    expect(() => addBusinessHours(at('2026-03-09T00:00:00Z'), 1, { ...officeUtc, timeZone: 'Mars/Olympus' })).toThrow(
      RangeError,
    );
    expect(() =>
      addBusinessHours(at('2026-03-09T00:00:00Z'), 1, { timeZone: 'UTC', weekly: {}, holidays: [] }),
    ).toThrow(RangeError);
  });

  test('properties: measuring back gives the hours added; more hours never end earlier; always open = wall clock', () => {
    const zones = ['UTC', 'America/Sao_Paulo', 'America/New_York', 'Europe/Madrid', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.integer({ min: 0, max: 200 * 60 }),
        fc.integer({ min: 0, max: 50 * 60 }),
        fc.constantFrom(...zones),
        (startMs, minutes, extra, timeZone) => {
          const calendar = { ...officeUtc, timeZone, holidays: ['2025-12-25', '2026-01-01', '2026-04-03'] };
          const start = new Date(startMs);
          const end = addBusinessHours(start, minutes / 60, calendar);
          expect(end.getTime()).toBeGreaterThanOrEqual(start.getTime());
          expect(Math.round(businessHoursBetween(start, end, calendar) * 60)).toBe(minutes);
          expect(addBusinessHours(start, (minutes + extra) / 60, calendar).getTime()).toBeGreaterThanOrEqual(
            end.getTime(),
          );
          expect(addBusinessHours(start, minutes / 60, alwaysOpen(timeZone)).getTime()).toBe(
            startMs + minutes * 60_000,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('weeklyHoursErrors', () => {
  test('accepts the defaults and names each bad interval', () => {
    expect(weeklyHoursErrors(defaultWeeklyHours)).toEqual([]);
    expect(weeklyHoursErrors({ mon: [['9:00', '18:00']] })).toEqual([
      'mon: 9:00-18:00 must be HH:MM-HH:MM',
      'at least one weekday needs business hours',
    ]);
    expect(weeklyHoursErrors({ mon: [['18:00', '09:00']] })[0]).toMatch(/start before it ends/);
    expect(
      weeklyHoursErrors({
        mon: [
          ['09:00', '13:00'],
          ['12:00', '18:00'],
        ],
      }),
    ).toEqual(['mon: 12:00-18:00 overlaps another interval']);
    expect(weeklyHoursErrors({})).toEqual(['at least one weekday needs business hours']);
    expect(weeklyHoursErrors({ sat: [['00:00', '24:00']] })).toEqual([]);
  });
});

describe('planSla', () => {
  const registeredAt = at('2026-03-06T17:00:00Z');
  test('the default matrix: 24/48/72 h, Gold at three quarters, Platinum at half; at risk at 75 %', () => {
    expect(defaultSlaMatrix.critical).toEqual({ platinum: 12, gold: 18, iron: 24, lead: 24, none: 24 });
    expect(defaultSlaMatrix.high.none).toBe(48);
    expect(defaultSlaMatrix.medium.none).toBe(72);
    expect(defaultSlaMatrix.low.gold).toBe(54);
    const plan = planSla({
      registeredAt,
      severity: 'critical',
      tier: 'none',
      matrix: defaultSlaMatrix,
      calendar: null,
    });
    expect(plan).toEqual({
      hours: 24,
      businessHours: false,
      deadlineAt: at('2026-03-07T17:00:00Z'),
      atRiskAt: at('2026-03-07T11:00:00Z'),
    });
    expect(
      planSla({ registeredAt, severity: 'critical', tier: 'platinum', matrix: defaultSlaMatrix, calendar: null })
        .deadlineAt,
    ).toEqual(at('2026-03-07T05:00:00Z'));
  });

  test('in business hours', () => {
    const plan = planSla({
      registeredAt,
      severity: 'critical',
      tier: 'iron',
      matrix: defaultSlaMatrix,
      calendar: officeUtc,
    });
    expect(plan.businessHours).toBe(true);
    expect(plan.deadlineAt.toISOString()).toBe('2026-03-11T14:00:00.000Z');
    // 18 business hours: Fri 1 h, Mon 9 h, Tue 8 h → Tuesday 17:00.
    expect(plan.atRiskAt.toISOString()).toBe('2026-03-10T17:00:00.000Z');
  });
});

describe('the status machine', () => {
  test('follows the documented path and ends at closed', () => {
    expect(canMove('registered', 'under_analysis')).toBe(true);
    expect(canMove('under_analysis', 'invalid')).toBe(true);
    expect(canMove('invalid', 'closed')).toBe(true);
    for (const [from, to] of [
      ['registered', 'valid'],
      ['under_analysis', 'resolved'],
      ['invalid', 'valid'],
      ['resolved', 'in_resolution'],
      ['closed', 'registered'],
      ['valid', 'resolved'],
    ] as const) {
      expect(canMove(from, to), `${from} → ${to}`).toBe(false);
    }
    expect(nextStatuses.closed).toEqual([]);
    // Every status is reachable from registered, and closed from every status.
    const reach = (from: string, seen = new Set<string>()): Set<string> => {
      seen.add(from);
      for (const n of nextStatuses[from as keyof typeof nextStatuses]) if (!seen.has(n)) reach(n, seen);
      return seen;
    };
    expect([...reach('registered')].sort()).toEqual([...complaintStatuses].sort());
    for (const s of complaintStatuses) expect(reach(s).has('closed'), s).toBe(true);
  });
});

describe('proposeCompensation', () => {
  const base = { capMinor: 50_000, pointValueMinor: 1 };
  test('a share of 12-month revenue by severity, weighted by tier, between a floor and the cap', () => {
    expect(
      proposeCompensation({ ...base, revenue12mMinor: 1_000_000, severity: 'high', tier: 'none' }).valueMinor,
    ).toBe(40_000);
    expect(
      proposeCompensation({ ...base, revenue12mMinor: 1_000_000, severity: 'medium', tier: 'gold' }).valueMinor,
    ).toBe(25_000);
    expect(
      proposeCompensation({ ...base, revenue12mMinor: 1_000_000, severity: 'critical', tier: 'platinum' }).valueMinor,
    ).toBe(50_000);
    expect(proposeCompensation({ ...base, revenue12mMinor: 0, severity: 'low', tier: 'lead' }).valueMinor).toBe(500);
    expect(
      proposeCompensation({ ...base, revenue12mMinor: -5_000, severity: 'critical', tier: 'none' }).valueMinor,
    ).toBe(5_000);
    expect(
      proposeCompensation({ ...base, capMinor: 100, revenue12mMinor: 0, severity: 'critical', tier: 'none' })
        .valueMinor,
    ).toBe(100);
  });

  test('points round up from the value of a point', () => {
    const p = proposeCompensation({
      capMinor: 50_000,
      pointValueMinor: 3,
      revenue12mMinor: 1_000_000,
      severity: 'high',
      tier: 'none',
    });
    expect(p.points).toBe(13_334);
    expect(p.basis).toMatchObject({
      share: 0.04,
      tierWeight: 1,
      floorMinor: 2_500,
      capMinor: 50_000,
      pointValueMinor: 3,
    });
  });

  test('grows with revenue and severity (property)', () => {
    const order = ['low', 'medium', 'high', 'critical'] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 0, max: 2 }),
        (a, b, s) => {
          const lo = Math.min(a, b);
          const hi = Math.max(a, b);
          const at = (revenue: number, sev: (typeof order)[number]) =>
            proposeCompensation({ ...base, revenue12mMinor: revenue, severity: sev, tier: 'iron' }).valueMinor;
          expect(at(hi, order[s])).toBeGreaterThanOrEqual(at(lo, order[s]));
          expect(at(lo, order[s + 1])).toBeGreaterThanOrEqual(at(lo, order[s]));
        },
      ),
    );
  });
});
