// Calendar days in the workspace's time zone <-> UTC instants, with Intl only. The API stores
// and filters instants; people pick days. "Up to and including a day" is the next day's start.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The zone's offset from UTC (ms) at an instant: its wall clock minus UTC. */
function zoneOffset(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** The instant a calendar day starts in a time zone, as ISO 8601 UTC; undefined for a non-day. */
export function dayStart(day: string, timeZone: string): string | undefined {
  const m = DAY.exec(day);
  if (!m) return undefined;
  const midnight = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(midnight) || new Date(midnight).toISOString().slice(0, 10) !== day) return undefined;
  // Twice: the offset at the guessed instant may differ from the one at the true instant (DST).
  const first = midnight - zoneOffset(midnight, timeZone);
  return new Date(midnight - zoneOffset(first, timeZone)).toISOString();
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
export function dayOf(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(iso),
  );
}

/** The day after (or n days after) a YYYY-MM-DD day. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
