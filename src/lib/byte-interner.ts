// Owns numbering byte strings (customer ids read straight from a file's bytes) without making a
// string for each: lib/csv-read's readers intern ids from the byte ranges it hands over.
import { mix32 } from './mix32.ts';

/** An interner's ids as bytes (see createByteInterner's entries). */
export type InternedIds = {
  arena: Uint8Array;
  offsets: Int32Array;
  /** The increasing orders the ids came in (bytes; length, then bytes), or null. */
  order: { bytes: boolean; lengths: boolean } | null;
};

/**
 * Numbers byte strings in order of first sight (open addressing over an arena), so a reader can
 * intern a million customer ids without building a string for every look-up.
 * intern(buf, start, end) returns the number of those bytes, or −(number + 1) when they are new.
 * Exports sorted by id (ORDER BY customer_id) hand the ids over in increasing order: while every
 * new id sorts after the one before — in byte order, or shorter first as unpadded numbers sort —
 * none can be a repeat, so it is compared with the last id only and appended, with no hash and no
 * random memory access (a look-up in a table of a million ids is a cache miss, ~270 ns). The
 * first id out of both orders builds the hash table over the ids so far, and from then on every
 * id is looked up in it.
 */
export function createByteInterner(expected = 0) {
  let mask = (1 << 16) - 1;
  let slots: Int32Array | null = null;
  // Each id's hash, kept only once the table is built (ids in order need none).
  let hashes = new Int32Array(0);
  // Room for the ids a caller expects (about 12 bytes each), so the columns are not regrown and
  // copied; room never written costs address space, not memory.
  let offsets = new Int32Array(Math.max(1 << 15, expected) + 1);
  let arena = Buffer.allocUnsafe(Math.max(1 << 20, expected * 12));
  let count = 0;
  let byteOrder = true;
  let lengthOrder = true;
  const hashOf = (buf: Uint8Array, start: number, end: number) => {
    let h = 0x811c9dc5;
    for (let k = start; k < end; k++) h = Math.imul(h ^ buf[k], 0x01000193);
    return mix32(h);
  };
  const rehash = () => {
    while (count * 2 > mask) mask = mask * 2 + 1;
    const table = new Int32Array(mask + 1).fill(-1);
    for (let id = 0; id < count; id++) {
      let slot = hashes[id] & mask;
      while (table[slot] >= 0) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    slots = table;
  };
  /** Whether buf[start, end) sorts after the last id in one of the orders still held (updating them); −1 when equal to it. */
  const afterLast = (buf: Uint8Array, start: number, end: number): number => {
    if (count === 0) return 1;
    const lo = offsets[count - 1];
    const lastLength = offsets[count] - lo;
    const len = end - start;
    const common = len < lastLength ? len : lastLength;
    let k = 0;
    while (k < common && arena[lo + k] === buf[start + k]) k++;
    const bytes = k < common ? buf[start + k] - arena[lo + k] : len - lastLength;
    if (bytes === 0) return -1;
    if (bytes < 0) byteOrder = false;
    if ((len !== lastLength ? len - lastLength : bytes) < 0) lengthOrder = false;
    return byteOrder || lengthOrder ? 1 : 0;
  };
  const append = (buf: Uint8Array, start: number, end: number, h: number) => {
    const len = end - start;
    if (count + 1 === offsets.length) {
      const no = new Int32Array(offsets.length * 2 - 1);
      no.set(offsets);
      offsets = no;
    }
    const o = offsets[count];
    if (o + len > arena.length) {
      const na = Buffer.allocUnsafe(Math.max(arena.length * 2, o + len));
      arena.copy(na, 0, 0, o);
      arena = na;
    }
    for (let k = 0; k < len; k++) arena[o + k] = buf[start + k];
    offsets[count + 1] = o + len;
    if (slots !== null) {
      if (count === hashes.length) {
        const nh = new Int32Array(offsets.length);
        nh.set(hashes);
        hashes = nh;
      }
      hashes[count] = h;
    }
    count++;
    return -count;
  };
  return {
    intern(buf: Uint8Array, start: number, end: number): number {
      if (slots === null) {
        const order = afterLast(buf, start, end);
        if (order < 0) return count - 1;
        if (order > 0) return append(buf, start, end, 0);
        hashes = new Int32Array(offsets.length);
        for (let id = 0; id < count; id++) hashes[id] = hashOf(arena, offsets[id], offsets[id + 1]);
        rehash();
      }
      const table = slots!;
      const h = hashOf(buf, start, end);
      const len = end - start;
      let slot = h & mask;
      for (let id = table[slot]; id >= 0; id = table[slot]) {
        const o = offsets[id];
        if (hashes[id] === h && offsets[id + 1] - o === len) {
          let k = 0;
          while (k < len && arena[o + k] === buf[start + k]) k++;
          if (k === len) return id;
        }
        slot = (slot + 1) & mask;
      }
      const id = append(buf, start, end, h);
      table[slot] = count - 1;
      if (count * 2 > mask) rehash();
      return id;
    },
    get size() {
      return count;
    },
    /** Whether every id so far came in increasing order (no hash table built): each was new when first seen, and never repeated. */
    get inOrder() {
      return slots === null;
    },
    /**
     * The bytes of every id, id k at arena[offsets[k], offsets[k + 1]) (views, not copies), and the
     * increasing orders the ids came in (null once they did not: see inOrder).
     */
    entries(): InternedIds {
      return {
        arena: arena.subarray(0, offsets[count]),
        offsets: offsets.subarray(0, count + 1),
        order: slots === null ? { bytes: byteOrder, lengths: lengthOrder } : null,
      };
    },
    /**
     * Appends ids from..end of another interner's entries at once when they are sure to be new:
     * both sets came in one increasing order and other's id `from` sorts after this one's last in
     * it (so all of them do). False, appending nothing, otherwise: intern them one by one.
     */
    appendAfter(other: InternedIds, from: number): boolean {
      const total = other.offsets.length - 1 - from;
      if (total <= 0) return true;
      if (slots !== null || other.order === null) return false;
      let bytesOk = byteOrder && other.order.bytes;
      let lengthsOk = lengthOrder && other.order.lengths;
      const start = other.offsets[from];
      if (count > 0) {
        const len = other.offsets[from + 1] - start;
        const lo = offsets[count - 1];
        const lastLength = offsets[count] - lo;
        const common = len < lastLength ? len : lastLength;
        let k = 0;
        while (k < common && arena[lo + k] === other.arena[start + k]) k++;
        const bytes = k < common ? other.arena[start + k] - arena[lo + k] : len - lastLength;
        bytesOk &&= bytes > 0;
        lengthsOk &&= (len !== lastLength ? len - lastLength : bytes) > 0;
      }
      if (!bytesOk && !lengthsOk) return false;
      byteOrder = bytesOk;
      lengthOrder = lengthsOk;
      const size = other.offsets[from + total] - start;
      const o = offsets[count];
      if (count + total + 1 > offsets.length) {
        // No hashes while in order: they are made if a table is ever built.
        const no = new Int32Array((1 << Math.ceil(Math.log2(count + total + 2))) + 1);
        no.set(offsets.subarray(0, count + 1));
        offsets = no;
      }
      if (o + size > arena.length) {
        const na = Buffer.allocUnsafe(Math.max(arena.length * 2, o + size));
        arena.copy(na, 0, 0, o);
        arena = na;
      }
      arena.set(other.arena.subarray(start, start + size), o);
      for (let k = 1; k <= total; k++) offsets[count + k] = o + other.offsets[from + k] - start;
      count += total;
      return true;
    },
  };
}
