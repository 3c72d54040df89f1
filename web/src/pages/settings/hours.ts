// Business hours as people type them ("09:00-12:00, 13:00-18:00"; blank = closed) <-> the
// complaint settings' interval lists. Pure, unit-tested.

export type Interval = [string, string];

export function hoursText(intervals: readonly (readonly [string, string])[] | undefined): string {
  return (intervals ?? []).map(([a, b]) => `${a}-${b}`).join(', ');
}

/** The intervals in a day's text, or null when it is not a list of HH:MM-HH:MM (the server checks order and overlap). */
export function parseHours(text: string): Interval[] | null {
  const parts = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: Interval[] = [];
  for (const p of parts) {
    const m = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/.exec(p);
    if (!m) return null;
    out.push([`${m[1].padStart(2, '0')}:${m[2]}`, `${m[3].padStart(2, '0')}:${m[4]}`]);
  }
  return out;
}
