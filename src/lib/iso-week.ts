// ISO weeks (Monday to Sunday, week 1 holds the year's first Thursday) in a time zone: the week a
// moment falls in, and the instants a local week starts and ends (local midnights, DST-aware).
const formats = new Map<string, Intl.DateTimeFormat>();

function format(tz: string): Intl.DateTimeFormat {
  let f = formats.get(tz);
  if (!f)
    formats.set(
      tz,
      (f = new Intl.DateTimeFormat('en-CA', {
        timeZone: tz,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      })),
    );
  return f;
}

/** The wall-clock fields of `at` in `tz` as if they were UTC (ms). */
function wallClock(at: Date, tz: string): number {
  const p = Object.fromEntries(
    format(tz)
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
}

/** The instant of local midnight starting the day `day` (a UTC-midnight date standing for a local date) in `tz`. */
export function localMidnight(day: Date, tz: string): Date {
  let guess = day.getTime();
  for (let i = 0; i < 3; i++) {
    const offset = wallClock(new Date(guess), tz) - guess;
    const next = day.getTime() - offset;
    if (next === guess) break;
    guess = next;
  }
  return new Date(guess);
}

/** The local date of `at` in `tz`, as a UTC-midnight Date. */
export function localDay(at: Date, tz: string): Date {
  const w = new Date(wallClock(at, tz));
  return new Date(Date.UTC(w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate()));
}

const DAY = 86_400_000;

/** `YYYY-Www` of a date (a UTC-midnight Date standing for a local date). */
export function isoWeekLabel(day: Date): string {
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export type LocalWeek = { label: string; from: Date; to: Date; firstDay: Date; lastDay: Date };

/** The ISO week `weeksBack` weeks before the one `at` falls in (0: that week), in `tz`. */
export function isoWeekIn(at: Date, tz: string, weeksBack = 0): LocalWeek {
  const today = localDay(at, tz);
  const monday = new Date(today.getTime() - (((today.getUTCDay() + 6) % 7) + 7 * weeksBack) * DAY);
  const nextMonday = new Date(monday.getTime() + 7 * DAY);
  return {
    label: isoWeekLabel(monday),
    from: localMidnight(monday, tz),
    to: localMidnight(nextMonday, tz),
    firstDay: monday,
    lastDay: new Date(nextMonday.getTime() - DAY),
  };
}
