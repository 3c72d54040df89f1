import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { parseSecretKeys, secretBox } from './sealed.ts';

describe('sealed secrets', () => {
  const a = randomBytes(32);
  const b = randomBytes(32);

  test('seal and open round-trip; the stored text holds neither the secret nor the key', () => {
    const box = secretBox(() => [a]);
    const stored = box.seal('whsec_super-secret');
    expect(stored).toMatch(/^sealed:v1:[0-9a-f]{8}:/);
    expect(stored).not.toContain('super-secret');
    expect(stored).not.toContain(a.toString('base64'));
    expect(box.open(stored)).toBe('whsec_super-secret');
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  test('rotation: a new first key seals, the old one still opens; without the old key it fails clearly', () => {
    const old = secretBox(() => [a]).seal('abc');
    const rotated = secretBox(() => [b, a]);
    expect(rotated.open(old)).toBe('abc');
    expect(rotated.isCurrent(old)).toBe(false);
    expect(rotated.isCurrent(rotated.seal('abc'))).toBe(true);
    expect(() => secretBox(() => [b]).open(old)).toThrow(/SECRETS_KEY does not hold/);
  });

  test('a tampered value is refused; a plain legacy value opens as it is', () => {
    const box = secretBox(() => [a]);
    const stored = box.seal('abc');
    const tampered = stored.slice(0, -2) + (stored.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(tampered)).toThrow();
    expect(box.open('plain-old-secret')).toBe('plain-old-secret');
  });

  test('SECRETS_KEY parsing', () => {
    expect(parseSecretKeys(`${a.toString('base64')}, ${b.toString('base64')}`)).toHaveLength(2);
    expect(parseSecretKeys('')).toMatch(/at least one/);
    expect(parseSecretKeys('c2hvcnQ=')).toMatch(/32 bytes/);
  });
});
