import { describe, expect, test } from 'vitest';
import { normalizePhone } from './phone.ts';

describe('phone normalisation', () => {
  test.each([
    ['+55 (11) 91234-5678', undefined, '+5511912345678'],
    ['0055 11 91234 5678', undefined, '+5511912345678'],
    ['(11) 91234-5678', '55', '+5511912345678'],
    ['011 91234-5678', '55', '+5511912345678'],
    ['+1 415.555.0100', undefined, '+14155550100'],
  ])('%s → %s', (raw, cc, expected) => {
    expect(normalizePhone(raw, cc)).toEqual({ ok: true, e164: expected });
  });

  test.each([
    ['91234-5678', undefined, /country code/],
    ['+12', undefined, /8 to 15 digits/],
    ['+1234567890123456', undefined, /8 to 15/],
    ['call me', '55', /only digits/],
  ])('%s is refused', (raw, cc, message) => {
    const r = normalizePhone(raw, cc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});
