// The password strength rule: trivially guessed passwords are refused with a reason a person
// understands; ordinary long passwords (and the demo's) pass.
import { describe, expect, test } from 'vitest';
import { weakPasswordReason } from './password.ts';

describe('weakPasswordReason', () => {
  test.each([
    ['          ', /only spaces/],
    ['\t \n      \t', /only spaces/],
    ['aaaaaaaaaaaa', /more than three different characters/],
    ['ababababab', /more than three different characters/],
    ['1234512345', /short pattern/],
    ['1234567890', /sequence/],
    ['0987654321', /sequence/],
    ['abcdefghij', /sequence/],
    ['QWERTYUIOP', /sequence/],
    ['qwerty123456', /sequence/],
    ['1q2w3e4r5t', /sequence/],
    ['1qaz2wsx3edc', /sequence/],
    ['Password123!', /most common/],
    ['p@ssw0rd2024', /most common/],
    ['football1990', /most common/],
    ['passwordpassword', /most common/],
    ['iloveyou12', /most common/],
    ['senha123456', /most common/],
    ['contrasena2025', /most common/],
    ['tenure2026!', /most common/],
  ])('%j is refused (%s)', (password, reason) => {
    expect(weakPasswordReason(password)).toMatch(reason);
  });

  test('the person’s own email, its name part and their name are refused', () => {
    const ana = { email: 'ana.souza@example.com', name: 'Ana Souza' };
    expect(weakPasswordReason('ana.souza@example.com', ana)).toMatch(/your email/);
    expect(weakPasswordReason('ANA.SOUZA@EXAMPLE.COM', ana)).toMatch(/your email/);
    expect(weakPasswordReason('ana.souza2024', ana)).toMatch(/your email/);
    expect(weakPasswordReason('anasouza!!', ana)).toMatch(/your email/);
    expect(weakPasswordReason('Ana Souza 1990', { email: 'asouza@example.com', name: 'Ana Souza' })).toMatch(
      /your name/,
    );
    // Without the person, the same strings are not weak by themselves.
    expect(weakPasswordReason('ana.souza2024')).toBeUndefined();
  });

  test.each([
    'correct horse battery',
    'tenure-demo',
    'owner-password-123',
    'Tr0ub4dor&3x',
    'my cat is called Nabuco',
    '9f8e7d6c5b4a',
    'ana.souza.sings',
  ])('%j passes', (password) => {
    expect(weakPasswordReason(password, { email: 'ana.souza@example.com', name: 'Ana Souza' })).toBeUndefined();
  });
});
