// Owns writing a large CSV file fast: bytes go straight into a reusable buffer (no string per line
// or per number), and a full buffer is written to the file while the next one fills, so the disk
// and the formatting overlap. Why: `tenure clv --out` writes a million lines of eight columns, and
// building them as strings (template literals, toFixed, a 1 MB string flattened per write) took
// more CPU than the whole model fit. Numbers are written exactly as Number#toFixed writes them:
// the common case (a finite non-negative value whose scaled value is far from a rounding tie) by
// integer arithmetic, anything else through toFixed itself. Cells are quoted and neutralised as
// lib/csv's csvCell does (the plain ASCII case is checked here; anything else goes through it).
import fs from 'node:fs/promises';
import { csvCell } from './csv.ts';

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
// Scaled values stay below 2^40, where the product's rounding error (half an ulp, ≤ 2^-13) is far
// smaller than the margin kept from a tie: the integer found is the one toFixed finds.
const MAX_SCALED = 2 ** 40;
const TIE_MARGIN = 1e-3;

/** A growable byte buffer with the writers both the file sink and cached fragments use. */
export class ByteBuffer {
  buf: Buffer;
  pos = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Room for n more bytes (the file sink flushes instead; see CsvFileWriter.ensure). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** A string as UTF-8 (ASCII byte by byte; anything else through Buffer#write). */
  text(s: string): void {
    this.ensure(s.length * 3);
    const buf = this.buf;
    let pos = this.pos;
    for (let k = 0; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0x80) {
        this.pos += buf.write(s, this.pos, 'utf8');
        return;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Bytes from[start, end) of another buffer. */
  bytes(from: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.ensure(n);
    const buf = this.buf;
    const pos = this.pos;
    if (n < 64) for (let k = 0; k < n; k++) buf[pos + k] = from[start + k];
    else buf.set(from.subarray(start, end), pos);
    this.pos = pos + n;
  }

  /** A whole number ≥ 0 below 2^53, in decimal. */
  unsigned(n: number): void {
    this.ensure(16);
    const buf = this.buf;
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    let pos = this.pos + digits;
    this.pos = pos;
    do {
      const q = Math.floor(n / 10);
      buf[--pos] = 48 + (n - q * 10);
      n = q;
    } while (n > 0);
  }

  /** String(v), byte for byte (whole numbers ≥ 0 without building the string). */
  number(v: number): void {
    if (Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER) this.unsigned(v);
    else this.text(String(v));
  }

  /** v.toFixed(digits) (digits ≤ 9), byte for byte. */
  fixed(v: number, digits: number): void {
    const scale = POW10[digits];
    const p = v * scale;
    const floor = Math.floor(p);
    const frac = p - floor;
    if (!(v >= 0 && p < MAX_SCALED) || Math.abs(frac - 0.5) < TIE_MARGIN) {
      this.text(v.toFixed(digits));
      return;
    }
    const n = frac > 0.5 ? floor + 1 : floor;
    const whole = Math.floor(n / scale);
    this.unsigned(whole);
    if (digits === 0) return;
    this.ensure(digits + 1);
    const buf = this.buf;
    buf[this.pos] = 0x2e;
    let rest = n - whole * scale;
    for (let k = digits; k > 0; k--) {
      const q = Math.floor(rest / 10);
      buf[this.pos + k] = 48 + (rest - q * 10);
      rest = q;
    }
    this.pos += digits + 1;
  }

  /** csvCell(s): plain ASCII cells that need no quoting or neutralising are copied as they are. */
  cell(s: string): void {
    const first = s.charCodeAt(0);
    // = + - @ TAB CR first, or a quote, comma or line break anywhere, or non-ASCII: csvCell decides.
    let plain = !(first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40 || first === 0x09);
    for (let k = 0; plain && k < s.length; k++) {
      const c = s.charCodeAt(k);
      plain = c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x2c;
    }
    this.text(plain ? s : csvCell(s));
  }

  /** cell() of the UTF-8 text at src[start, end), copied as bytes when it needs no quoting or neutralising. */
  cellBytes(src: Uint8Array, start: number, end: number): void {
    const first = src[start];
    let plain = !(first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40 || first === 0x09);
    for (let k = start; plain && k < end; k++) {
      const c = src[k];
      plain = c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x2c;
    }
    if (plain) this.bytes(src, start, end);
    else this.cell(Buffer.from(src.buffer, src.byteOffset, src.length).toString('utf8', start, end));
  }
}

/**
 * A CSV file written through two buffers of chunkSize bytes: one fills while the other is on its
 * way to the file. Call ensure(n) before writing a record of at most n bytes (a record never
 * straddles two writes; a longer one grows the buffer), and close() at the end.
 */
export class CsvFileWriter extends ByteBuffer {
  private spare: Buffer;
  private pending: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly fh: fs.FileHandle,
    private readonly chunkSize: number,
  ) {
    super(chunkSize);
    this.spare = Buffer.allocUnsafe(chunkSize);
  }

  static async open(path: string, chunkSize = 1 << 22): Promise<CsvFileWriter> {
    return new CsvFileWriter(await fs.open(path, 'w'), chunkSize);
  }

  /** Whether the buffer is past its flush point: the caller should `await flush()` before going on. */
  get full(): boolean {
    return this.pos >= this.chunkSize - 4096;
  }

  /** Hands the filled buffer to the file (waiting for the previous write first) and takes the other. */
  async flush(): Promise<void> {
    await this.pending;
    const full = this.buf;
    const length = this.pos;
    this.buf = this.spare.length >= this.chunkSize ? this.spare : Buffer.allocUnsafe(this.chunkSize);
    this.spare = full;
    this.pos = 0;
    const write = this.writeAll(full, length);
    // Awaited at the next flush or close; until then a failure must not count as unhandled.
    write.catch(() => undefined);
    this.pending = write;
  }

  private async writeAll(buf: Buffer, length: number): Promise<void> {
    for (let off = 0; off < length;) off += (await this.fh.write(buf, off, length - off)).bytesWritten;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
      await this.pending;
    } finally {
      await this.fh.close();
    }
  }

  /** Gives up: waits for the write in flight and closes the file (what is written stays). */
  async abort(): Promise<void> {
    await this.pending.catch(() => undefined);
    await this.fh.close();
  }
}
