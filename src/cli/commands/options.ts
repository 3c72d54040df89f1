// Owns parsing and validating command-line option values of the commands that open a database
// (the analyst commands' values are in analyst-options.ts, which loads no zod).
import { InvalidArgumentError } from 'commander';
import { z } from 'zod';

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a whole number from 0 to 65535');
  return n;
}

export function parseUuid(value: string): string {
  if (!z.uuid().safeParse(value).success) throw new InvalidArgumentError('must be a UUID');
  return value;
}

export function parseDateTime(value: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError('must be a date/time, e.g. 2027-01-31T00:00:00Z');
  return d.toISOString();
}
