// Owns passwords: Argon2id hashing (memory-hard) from a maintained native package, and the rule
// that refuses new passwords that are trivially guessed.
import { hash, verify } from '@node-rs/argon2';
import { type Problem, problem } from '../../lib/problems.ts';
import { commonPasswordRoots } from './common-passwords.ts';

export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A real hash to verify against when the account does not exist, so response time does not
// reveal which emails have accounts.
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => {
  decoy ??= hash('decoy-password-for-timing');
  return decoy;
};

// ---- the strength rule (the one place it lives: the `Password` schema and member creation use it)

// Keyboard rows and columns and the alphabet, in typing order; a run along any of them, either
// way, is one "step" of a sequence.
const sequences = [
  '0123456789012',
  'abcdefghijklmnopqrstuvwxyz',
  "qwertyuiop[]asdfghjkl;'zxcvbnm,./",
  'qwertzuiopasdfghjklyxcvbnm',
  'azertyuiopqsdfghjklmwxcvbn',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/',
  '1q2w3e4r5t6y7u8i9o0p',
  '!@#$%^&*()_+',
];
const runs = [...sequences, ...sequences.map((s) => [...s].reverse().join(''))];

/** The fewest runs along a sequence (each at least 3 long) that make up `s`; Infinity if none. */
function sequenceRuns(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; count++) {
    let longest = 0;
    for (const run of runs) {
      for (let start = run.indexOf(s[i]); start >= 0; start = run.indexOf(s[i], start + 1)) {
        let n = 1;
        while (i + n < s.length && run[start + n] === s[i + n]) n++;
        longest = Math.max(longest, n);
      }
    }
    if (longest < 3) return Infinity;
    i += longest;
  }
  return count;
}

const leet: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '3': 'e',
  '1': 'i',
  '!': 'i',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
};
const unleet = (s: string) => s.replace(/[@4310!$57]/g, (ch) => leet[ch]);
/** Drops the digits and symbols people put before and after a word ("Password123!" → "password"). */
const root = (s: string) => s.replace(/^[\d\W_]+|[\d\W_]+$/g, '');

/** A short unit repeated to fill the whole password ("abcabcabcabc"), or undefined. */
function repeatedUnit(s: string): string | undefined {
  for (let size = 1; size <= s.length / 2; size++) {
    if (s.length % size === 0 && s.slice(0, size).repeat(s.length / size) === s) return s.slice(0, size);
  }
  return undefined;
}

/**
 * Why a new password is too easy to guess, or undefined when it is fine: only spaces, too few
 * different characters or a short repeated pattern, a keyboard or alphabet sequence, one of the
 * most common passwords (with digits and symbols around it, or letters swapped for look-alikes),
 * or the person's own email address, its name part, or their name.
 */
export function weakPasswordProblem(
  password: string,
  person: { email?: string; name?: string } = {},
): Problem | undefined {
  if (password.trim() === '') return problem('password_spaces');
  const s = password.toLowerCase().replace(/\s+/g, '');
  if (new Set(s).size < 4) return problem('password_variety');
  const unit = repeatedUnit(s);
  if (unit && unit.length <= 5) return problem('password_pattern');
  if (sequenceRuns(s) <= 2) return problem('password_sequence');
  const candidates = [s, root(s), unleet(root(s)), root(unleet(s)), unit ?? '', unleet(unit ?? '')];
  if (candidates.some((c) => commonPasswordRoots.has(c))) return problem('password_common');
  const email = person.email?.trim().toLowerCase();
  const local = email?.split('@')[0] ?? '';
  const mine = new Set(
    [email, local, local.replace(/[._+-]/g, '')].filter((v): v is string => Boolean(v && v.length >= 3)),
  );
  if (candidates.some((c) => mine.has(c))) return problem('password_email');
  const name = person.name?.toLowerCase().replace(/\s+/g, '') ?? '';
  if (name.length >= 3 && candidates.includes(name)) return problem('password_name');
  return undefined;
}

/** Why a password is too easy to guess, as its English sentence. */
export const weakPasswordReason = (password: string, person: { email?: string; name?: string } = {}) =>
  weakPasswordProblem(password, person)?.message;
