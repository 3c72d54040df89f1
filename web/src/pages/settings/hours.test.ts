import { describe, expect, test } from 'vitest';
import { hoursText, parseHours } from './hours.ts';

describe('business hours text', () => {
  test('round-trips intervals', () => {
    expect(
      hoursText([
        ['09:00', '12:00'],
        ['13:00', '18:00'],
      ]),
    ).toBe('09:00-12:00, 13:00-18:00');
    expect(parseHours('09:00-12:00, 13:00-18:00')).toEqual([
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ]);
  });
  test('blank is closed; hours are padded; an en dash is fine', () => {
    expect(parseHours('  ')).toEqual([]);
    expect(parseHours('9:00 – 17:30')).toEqual([['09:00', '17:30']]);
  });
  test('anything else is refused', () => {
    expect(parseHours('9-5')).toBeNull();
    expect(parseHours('09:00-12:00, lunch')).toBeNull();
  });
});
