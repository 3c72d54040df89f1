// Secrets at rest (webhook signing secrets, authenticator keys): sealed with AES-256-GCM under a
// key from the environment (SECRETS_KEY: base64 keys, comma-separated, the first one sealing;
// the others only open, so a key can be rotated: add the new one first, run `tenure secrets
// reseal`, then drop the old one). A stored value names the key that sealed it by a short id.
// Values stored before sealing existed (plain text) are opened as they are until resealed.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const PREFIX = 'sealed:v1:';

export type SecretBox = {
  seal: (plain: string) => string;
  open: (stored: string) => string;
  /** Whether the stored value is sealed with the current (first) key already. */
  isCurrent: (stored: string) => boolean;
};

const keyId = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 8);

/** Parses SECRETS_KEY: one or more base64 keys of 32 bytes, comma-separated; a message when bad. */
export function parseSecretKeys(text: string): Buffer[] | string {
  const keys = text
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => Buffer.from(k, 'base64'));
  if (keys.length === 0) return 'must hold at least one key';
  if (keys.some((k) => k.length !== 32)) return 'each key must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)';
  return keys;
}

/** A box over keys read when first needed (so commands that never touch a secret never read them). */
export function secretBox(loadKeys: () => Buffer[]): SecretBox {
  let keys: { id: string; key: Buffer }[] | undefined;
  const ring = () => (keys ??= loadKeys().map((key) => ({ id: keyId(key), key })));
  return {
    seal(plain) {
      const { id, key } = ring()[0];
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      const [id, payload] = stored.slice(PREFIX.length).split(':');
      const entry = ring().find((k) => k.id === id);
      if (!entry) throw new Error(`a secret was sealed with key ${id}, which SECRETS_KEY does not hold`);
      const raw = Buffer.from(payload ?? '', 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', entry.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    isCurrent: (stored) => stored.startsWith(`${PREFIX}${ring()[0].id}:`),
  };
}

/** Seals each stored value again with the current key unless it already is; how many were rewritten. */
export async function resealEach<R extends { secret: string }>(
  rows: R[],
  box: SecretBox,
  write: (row: R, sealed: string) => Promise<unknown>,
): Promise<number> {
  let changed = 0;
  for (const row of rows) {
    if (box.isCurrent(row.secret)) continue;
    await write(row, box.seal(box.open(row.secret)));
    changed++;
  }
  return changed;
}
