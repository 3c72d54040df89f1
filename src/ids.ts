// Owns id generation: time-ordered UUIDv7 keep b-tree inserts local at millions of rows.
import { V7Generator } from 'uuidv7';

// An id takes one random word (more when the clock stands still). The library's default source
// asks the system for eight at a time, and at import rates those calls were ~2 % of the CPU of a
// lines import; this pool asks for 1,024.
const pool = new Uint32Array(1024);
let next = pool.length;
const generator = new V7Generator({
  nextUint32: () => {
    if (next === pool.length) {
      crypto.getRandomValues(pool);
      next = 0;
    }
    return pool[next++];
  },
});

// The text is written from the bytes here: the library's toString adds one character at a time, a
// new string each (~1.5 kB of garbage an id, 2.5 times the time), and an import makes an id per transaction.
const hexDigit = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));
/** Where each byte's two digits go in the 36 characters (the dashes stay in place). */
const at = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const chars = new Array<number>(36).fill('-'.charCodeAt(0));

export const newId = (): string => {
  const { bytes } = generator.generate();
  for (let i = 0; i < 16; i++) {
    chars[at[i]] = hexDigit[bytes[i] >>> 4];
    chars[at[i] + 1] = hexDigit[bytes[i] & 15];
  }
  return String.fromCharCode(...chars);
};
