// Owns compact builders for big in-memory runs (the affinity run's million customers): a typed
// array grown by pushes whose unused capacity takes no memory, and a list of UUIDs packed 16
// bytes each (a million are 16 MB, not 60 MB of strings on the heap).

type Typed = Int8Array | Uint8Array | Int32Array | Float32Array | Float64Array;

/**
 * Bytes from which an array's memory is mapped for it alone (glibc's largest mmap threshold,
 * 32 MiB on 64-bit): pages it never writes take no memory, and freeing it gives the memory back.
 * Below that a freed array can leave a hole in the process's heap that is never returned.
 */
const MAPPED_BYTES = 32 << 20;

/**
 * A typed array grown by pushes. Past a small start it jumps straight to a separately mapped
 * size and doubles from there, so the unused capacity costs address space, not memory, and done()
 * is a view of what was pushed (no copy).
 */
export class GrowingArray<T extends Typed> {
  private a: T;
  length = 0;

  constructor(private readonly make: (size: number) => T) {
    this.a = make(1024);
  }

  push(v: number) {
    if (this.length === this.a.length) {
      const mapped = MAPPED_BYTES / this.a.BYTES_PER_ELEMENT;
      const b = this.make(Math.max(this.a.length * 2, this.a.length >= 1 << 16 ? mapped : 0));
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = v;
  }

  /** What was pushed, as a view. */
  done(): T {
    return this.a.subarray(0, this.length) as T;
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const hexValue = (code: number) => (code <= 57 ? code - 48 : (code | 32) - 87);

/** UUIDs (canonical text: 32 hex digits, hyphens after 8, 12, 16 and 20) packed 16 bytes each. */
export class UuidList {
  private bytes: Uint8Array;
  private readonly builder = new GrowingArray((n) => new Uint8Array(n));
  private sealed = false;

  constructor() {
    this.bytes = new Uint8Array(0);
  }

  get length(): number {
    return this.sealed ? this.bytes.length / 16 : this.builder.length / 16;
  }

  push(id: string) {
    if (this.sealed) throw new Error('UuidList: push after seal');
    if (id.length !== 36) throw new RangeError(`not a UUID: ${id}`);
    for (let i = 0; i < 36; i += 2) {
      if (i === 8 || i === 13 || i === 18 || i === 23) i++;
      this.builder.push((hexValue(id.charCodeAt(i)) << 4) | hexValue(id.charCodeAt(i + 1)));
    }
  }

  /** Ends the pushes: the ids become one array of their exact size. */
  seal(): this {
    if (!this.sealed) {
      this.bytes = this.builder.done();
      this.sealed = true;
    }
    return this;
  }

  get(i: number): string {
    const b = this.sealed ? this.bytes : this.seal().bytes;
    const o = i * 16;
    let s = '';
    for (let j = 0; j < 16; j++) {
      if (j === 4 || j === 6 || j === 8 || j === 10) s += '-';
      s += HEX[b[o + j]];
    }
    return s;
  }

  /** The ids from index `from` up to `to` (exclusive) as text. */
  slice(from = 0, to = this.length): string[] {
    const end = Math.min(to, this.length);
    return Array.from({ length: Math.max(end - from, 0) }, (_, k) => this.get(from + k));
  }
}
