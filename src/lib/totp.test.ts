// TOTP against the published test vectors.
import { describe, expect, test } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, totpStep } from './totp.ts';

describe('HOTP and TOTP', () => {
  test('HOTP reproduces RFC 4226 Appendix D (secret "12345678901234567890", counters 0–9)', () => {
    const key = Buffer.from('12345678901234567890');
    const expected = [
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ];
    expect(expected.map((_, i) => hotp(key, i))).toEqual(expected);
  });

  test('TOTP reproduces RFC 6238 Appendix B (SHA-1, 8 digits) at its six times', () => {
    const key = Buffer.from('12345678901234567890');
    const cases: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [seconds, code] of cases) expect(hotp(key, totpStep(new Date(seconds * 1000)), 8)).toBe(code);
  });

  test('base32 follows RFC 4648 section 10 and round-trips', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
    expect(base32Decode('mzxw 6ytb-oi').toString()).toBe('foobar');
    expect(() => base32Decode('MZ1')).toThrow();
  });

  test('a code matches within one step of drift and not beyond; junk never matches', () => {
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    const at = new Date(1111111111 * 1000);
    const step = totpStep(at);
    const key = Buffer.from('12345678901234567890');
    expect(matchTotp(secret, hotp(key, step), at)).toBe(step);
    expect(matchTotp(secret, hotp(key, step - 1), at)).toBe(step - 1);
    expect(matchTotp(secret, hotp(key, step + 1), at)).toBe(step + 1);
    expect(matchTotp(secret, hotp(key, step - 2), at)).toBeUndefined();
    for (const junk of ['', '12345', '1234567', 'abcdef', '12 34 5a'])
      expect(matchTotp(secret, junk, at)).toBeUndefined();
  });
});
