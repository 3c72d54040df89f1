// Owns SLA rules as pure functions: the default severity × tier matrix, and deadline arithmetic
// in wall-clock hours or in the business hours of a workspace calendar (weekly hours, holidays,
// the workspace time zone). No database, no clock: every input is an argument.
import { DateTime } from 'luxon';
import { type Problem, problem } from '../../lib/problems.ts';

export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

/** Customer-pyramid tiers (Zeithaml et al.); `none` until analytics assigns one. */
export const tiers = ['platinum', 'gold', 'iron', 'lead', 'none'] as const;
export type Tier = (typeof tiers)[number];

export type SlaMatrix = Record<Severity, Record<Tier, number>>;

/**
 * Hours to resolve, counted from registration. Iron, Lead and customers without a tier get the
 * base 24 / 48 / 72 h; Gold gets three quarters of it and Platinum half.
 */
export const defaultSlaMatrix: SlaMatrix = {
  critical: { platinum: 12, gold: 18, iron: 24, lead: 24, none: 24 },
  high: { platinum: 24, gold: 36, iron: 48, lead: 48, none: 48 },
  medium: { platinum: 36, gold: 54, iron: 72, lead: 72, none: 72 },
  low: { platinum: 36, gold: 54, iron: 72, lead: 72, none: 72 },
};

/** Share of the allowed time after which a complaint is "at risk" and its assignee is warned. */
export const AT_RISK_SHARE = 0.75;

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Opening intervals per weekday as local "HH:MM" pairs ("24:00" ends at midnight). */
export type WeeklyHours = Partial<Record<Weekday, [string, string][]>>;

export type BusinessCalendar = {
  timeZone: string;
  weekly: WeeklyHours;
  /** Local dates (YYYY-MM-DD) with no business hours. */
  holidays: string[];
};

export const defaultWeeklyHours: WeeklyHours = {
  mon: [['09:00', '18:00']],
  tue: [['09:00', '18:00']],
  wed: [['09:00', '18:00']],
  thu: [['09:00', '18:00']],
  fri: [['09:00', '18:00']],
};

const HOUR = 3_600_000;
/** A calendar with at least one weekly interval always has hours within two weeks; holidays may add more. */
const MAX_DAYS = 3_660;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** Checks "HH:MM" intervals: well formed, start before end, not overlapping within a day. */
export function weeklyHoursProblems(weekly: WeeklyHours): Problem[] {
  const errors: Problem[] = [];
  let any = false;
  for (const day of weekdays) {
    const intervals = [...(weekly[day] ?? [])].sort((a, b) => minutesOf(a[0]) - minutesOf(b[0]));
    let lastEnd = -1;
    for (const [start, end] of intervals) {
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(start) || !/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/.test(end)) {
        errors.push(problem('hours_format', { day, interval: `${start}-${end}` }));
        continue;
      }
      const interval = `${start}-${end}`;
      if (minutesOf(start) >= minutesOf(end)) errors.push(problem('hours_order', { day, interval }));
      else if (minutesOf(start) < lastEnd) errors.push(problem('hours_overlap', { day, interval }));
      else any = true;
      lastEnd = Math.max(lastEnd, minutesOf(end));
    }
  }
  if (!any) errors.push(problem('hours_none'));
  return errors;
}

/** The same, as English sentences. */
export const weeklyHoursErrors = (weekly: WeeklyHours): string[] => weeklyHoursProblems(weekly).map((p) => p.message);

/** A local wall time on a local date as a UTC instant; "24:00" is the next midnight. */
function wallTime(day: DateTime, minutes: number): number {
  if (minutes === 24 * 60) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
}

/** The business intervals of one local date as UTC instants (a DST gap is skipped over by luxon). */
function intervalsOn(day: DateTime, calendar: BusinessCalendar): [number, number][] {
  if (calendar.holidays.includes(day.toISODate() as string)) return [];
  return (calendar.weekly[weekdays[day.weekday - 1]] ?? [])
    .map(([start, end]): [number, number] => [wallTime(day, minutesOf(start)), wallTime(day, minutesOf(end))])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
}

/**
 * The instant `hours` of business time after `start`. Time outside the calendar's intervals,
 * and on holidays, does not count; the clock runs in real (UTC) time inside an interval, so a
 * DST change inside opening hours counts as the hour it really was.
 */
export function addBusinessHours(start: Date, hours: number, calendar: BusinessCalendar): Date {
  if (!(hours >= 0) || !Number.isFinite(hours)) throw new RangeError('hours must be a finite number ≥ 0');
  let remaining = Math.round(hours * HOUR);
  const from = start.getTime();
  let day = DateTime.fromMillis(from, { zone: calendar.timeZone }).startOf('day');
  if (!day.isValid) throw new RangeError(`unknown time zone ${calendar.timeZone}`);
  for (let i = 0; i < MAX_DAYS; i++) {
    for (const [s, e] of intervalsOn(day, calendar)) {
      if (e <= from) continue;
      const begin = Math.max(s, from);
      if (remaining === 0) return new Date(begin);
      if (remaining <= e - begin) return new Date(begin + remaining);
      remaining -= e - begin;
    }
    day = day.plus({ days: 1 });
  }
  throw new RangeError('the calendar has no business hours in the next ten years');
}

/** Business time between two instants, in hours (0 when `to` is not after `from`). */
export function businessHoursBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  if (to <= from) return 0;
  let total = 0;
  let day = DateTime.fromMillis(from.getTime(), { zone: calendar.timeZone }).startOf('day');
  for (let i = 0; i < MAX_DAYS && day.toMillis() < to.getTime(); i++) {
    for (const [s, e] of intervalsOn(day, calendar))
      total += Math.max(0, Math.min(e, to.getTime()) - Math.max(s, from.getTime()));
    day = day.plus({ days: 1 });
  }
  return total / HOUR;
}

export type SlaPlan = { hours: number; businessHours: boolean; deadlineAt: Date; atRiskAt: Date };

/** The deadline and the at-risk point of a complaint registered at `registeredAt`. */
export function planSla(input: {
  registeredAt: Date;
  severity: Severity;
  tier: Tier;
  matrix: SlaMatrix;
  calendar: BusinessCalendar | null;
}): SlaPlan {
  const hours = input.matrix[input.severity][input.tier];
  if (input.calendar) {
    return {
      hours,
      businessHours: true,
      deadlineAt: addBusinessHours(input.registeredAt, hours, input.calendar),
      atRiskAt: addBusinessHours(input.registeredAt, hours * AT_RISK_SHARE, input.calendar),
    };
  }
  const start = input.registeredAt.getTime();
  return {
    hours,
    businessHours: false,
    deadlineAt: new Date(start + hours * HOUR),
    atRiskAt: new Date(start + Math.round(hours * AT_RISK_SHARE * HOUR)),
  };
}
