// Owns counting the records of a file as its bytes stream past (for an upload's "rows total"),
// and finding where a CSV's header ends, without holding the file. Quote-aware for CSV: a
// line break inside quotes does not end a record; blank lines are not records (as the
// importer skips them). The engine's count when the import completes is the exact one.
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

export class RecordCounter {
  private inQuotes = false;
  private lineHasContent = false;
  private offset = 0;
  private completed = 0;
  /** Byte offset just past the first record's line break, once seen. */
  firstRecordEnd: number | undefined;

  constructor(private readonly format: 'csv' | 'ndjson') {}

  feed(bytes: Uint8Array): void {
    const csv = this.format === 'csv';
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === LF && !this.inQuotes) {
        if (this.lineHasContent) this.recordEnded(this.offset + i + 1);
        this.lineHasContent = false;
      } else if (csv && b === QUOTE) {
        this.inQuotes = !this.inQuotes;
        this.lineHasContent = true;
      } else if (b !== CR && (csv || (b !== SPACE && b !== TAB))) {
        this.lineHasContent = true;
      }
    }
    this.offset += bytes.length;
  }

  private recordEnded(at: number) {
    this.completed++;
    if (this.completed === 1) this.firstRecordEnd = at;
  }

  /** Records in the bytes fed so far, counting a last line without a line break. */
  get records(): number {
    return this.completed + (this.lineHasContent ? 1 : 0);
  }
}
