// PostgreSQL's 64-bit byte hash (`hash_bytes_extended` in src/common/hashfn.c: Bob Jenkins'
// lookup3, 2006, public domain) in TypeScript, so a number the database computes with
// `uuid_hash_extended(id, seed)` can be computed bit for bit here too. The database reads the key
// as little-endian 32-bit words (x86, ARM, WebAssembly: every platform PostgreSQL and PGlite run
// on here); a big-endian server would give other numbers, which the SQL-equals-JS tests would show.

const rot = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/** The 32-bit little-endian word at `i`, with `n` (< 4) bytes left in the key when it is short. */
const word = (k: Uint8Array, i: number, n = 4) => {
  let w = 0;
  for (let j = 0; j < n; j++) w |= k[i + j] << (8 * j);
  return w;
};

/**
 * `hash_bytes_extended(k, len, seed)`: the two 32-bit halves of the 64-bit result, high (lookup3's
 * b) and low (its c), each as an unsigned number. The seed is its high and low 32 bits; zero
 * means no seed, as in PostgreSQL.
 */
export function hashBytesExtended(k: Uint8Array, seedHigh: number, seedLow: number): { high: number; low: number } {
  let len = k.length;
  let a = (0x9e3779b9 + len + 3923095) | 0;
  let b = a;
  let c = a;
  const mix = () => {
    a = (a - c) | 0;
    a ^= rot(c, 4);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rot(a, 6);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rot(b, 8);
    b = (b + a) | 0;
    a = (a - c) | 0;
    a ^= rot(c, 16);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rot(a, 19);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rot(b, 4);
    b = (b + a) | 0;
  };
  if (seedHigh !== 0 || seedLow !== 0) {
    // The seed is a 12-byte block of its own: high word, low word, four zero bytes.
    a = (a + seedHigh) | 0;
    b = (b + seedLow) | 0;
    mix();
  }
  let i = 0;
  for (; len >= 12; i += 12, len -= 12) {
    a = (a + word(k, i)) | 0;
    b = (b + word(k, i + 4)) | 0;
    c = (c + word(k, i + 8)) | 0;
    mix();
  }
  // The last 0–11 bytes: into a and b as words; into c shifted up a byte (its low byte is the length's).
  if (len > 0) a = (a + word(k, i, Math.min(len, 4))) | 0;
  if (len > 4) b = (b + word(k, i + 4, Math.min(len - 4, 4))) | 0;
  if (len > 8) c = (c + (word(k, i + 8, len - 8) << 8)) | 0;
  c ^= b;
  c = (c - rot(b, 14)) | 0;
  a ^= c;
  a = (a - rot(c, 11)) | 0;
  b ^= a;
  b = (b - rot(a, 25)) | 0;
  c ^= b;
  c = (c - rot(b, 16)) | 0;
  a ^= c;
  a = (a - rot(c, 4)) | 0;
  b ^= a;
  b = (b - rot(a, 14)) | 0;
  c ^= b;
  c = (c - rot(b, 24)) | 0;
  return { high: b >>> 0, low: c >>> 0 };
}

/** The 16 bytes of a uuid in its text form (as PostgreSQL stores a `uuid`). */
export function uuidBytes(id: string): Uint8Array {
  const hex = id.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`not a uuid: ${id}`);
  return Buffer.from(hex, 'hex');
}

/** PostgreSQL's `uuid_hash_extended(id, seed)` as its high and low 32 bits. */
export const uuidHashExtended = (id: string, seedHigh: number, seedLow: number) =>
  hashBytesExtended(uuidBytes(id), seedHigh, seedLow);
