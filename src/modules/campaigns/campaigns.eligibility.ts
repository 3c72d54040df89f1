// Owns the pure parts of eligibility: a customer's local hour, quiet hours (which wrap midnight
// when start > end) and the next time a deferred message may go, and filling message templates
// with customer fields. No database here.

const hourFormats = new Map<string, Intl.DateTimeFormat>();

/** The hour (0–23) at `at` in the IANA time zone `tz`. */
export function localHour(at: Date, tz: string): number {
  let f = hourFormats.get(tz);
  if (!f)
    hourFormats.set(tz, (f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', hourCycle: 'h23' })));
  return Number(f.format(at)) % 24;
}

export const isValidTimeZone = (tz: unknown): tz is string => {
  if (typeof tz !== 'string' || tz.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export function inQuietHours(hour: number, q: { start: number; end: number }): boolean {
  return q.start < q.end ? hour >= q.start && hour < q.end : hour >= q.start || hour < q.end;
}

const STEP_MS = 15 * 60_000;

/** `at` itself when outside quiet hours; else the first quarter hour after it that is outside them. */
export function nextAllowed(at: Date, tz: string, q: { start: number; end: number }): Date {
  if (!inQuietHours(localHour(at, tz), q)) return at;
  let t = Math.ceil(at.getTime() / STEP_MS) * STEP_MS;
  for (let i = 0; i < 4 * 48; i++, t += STEP_MS) if (!inQuietHours(localHour(new Date(t), tz), q)) return new Date(t);
  return new Date(t);
}

/** Replaces `{{ field }}` with the customer's value; unknown fields become empty. */
export function fillTemplate(template: string, fields: Record<string, string>): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_m, key: string) => fields[key] ?? '');
}

export function customerFields(c: {
  name: string;
  email: string | null;
  phone: string | null;
  customFields: Record<string, unknown>;
}): Record<string, string> {
  const custom = Object.fromEntries(
    Object.entries(c.customFields)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
      .map(([k, v]) => [k, String(v)]),
  );
  return {
    ...custom,
    name: c.name,
    firstName: c.name.trim().split(/\s+/)[0] ?? '',
    email: c.email ?? '',
    phone: c.phone ?? '',
  };
}
