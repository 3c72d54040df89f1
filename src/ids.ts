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

export const newId = (): string => generator.generate().toString();
