// Owns secret generation and digests. Session and API tokens carry 256 random bits, so a
// fast digest (SHA-256) is enough to store them; passwords use Argon2id instead.
import { createHash, randomBytes } from 'node:crypto';

export const newSecret = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;
export const digest = (secret: string): string => createHash('sha256').update(secret).digest('hex');
