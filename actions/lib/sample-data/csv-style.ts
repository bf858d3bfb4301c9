/**
 * A CSV writer in the style of Olist's Kaggle files: the header is fully quoted, an id is quoted
 * only when it starts with a digit, zip prefixes are always quoted 5-digit strings, and everything
 * else (cities, codes, numbers, timestamps) is bare. Lines end in LF. Rows are written as ASCII
 * bytes into one growing buffer, so a large file costs no per-field strings; `take` hands the
 * bytes on in chunks, so that a file of any size streams to disk.
 */
import type { IdPool } from './ids.js';

const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const DIGIT_0 = 0x30;
const DOT = 0x2e;
const SPACE = 0x20;
const COLON = 0x3a;
const HEX = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DAY_MS = 86_400_000;

export class CsvWriter {
  private buf: Buffer;
  private pos = 0;
  private rowCount = 0;
  /** `YYYY-MM-DD` by day number; a few hundred distinct days at most. */
  private readonly days = new Map<number, string>();

  constructor(capacity = 1 << 16) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Data rows written so far (the header is not counted). */
  get rows(): number {
    return this.rowCount;
  }

  /** `"a","b","c"` and a newline. */
  header(columns: readonly string[]): this {
    columns.forEach((c, i) => {
      if (i > 0) this.byte(COMMA);
      this.byte(QUOTE).text(c).byte(QUOTE);
    });
    return this.byte(NEWLINE);
  }

  /** Separator before every field but a row's first. */
  comma(): this {
    return this.byte(COMMA);
  }

  endRow(): this {
    this.rowCount++;
    return this.byte(NEWLINE);
  }

  /** A bare ASCII string. */
  text(s: string): this {
    this.reserve(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.pos++] = s.charCodeAt(i);
    return this;
  }

  /** A non-negative integer. */
  int(n: number): this {
    if (n < 10) return this.byte(DIGIT_0 + n);
    return this.text(String(n));
  }

  /** A 32-hex-char id from `pool`, quoted only when its first character is a digit. */
  id(pool: IdPool, id: number): this {
    const words = pool.words;
    const base = id * 4;
    const quoted = words[base] >>> 28 < 10;
    this.reserve(34);
    if (quoted) this.buf[this.pos++] = QUOTE;
    for (let k = 0; k < 4; k++) {
      const w = words[base + k];
      for (let shift = 28; shift >= 0; shift -= 4) this.buf[this.pos++] = HEX[(w >>> shift) & 15];
    }
    if (quoted) this.buf[this.pos++] = QUOTE;
    return this;
  }

  /** `9790` → `"09790"`. */
  zip(prefix: number): this {
    this.byte(QUOTE);
    for (let div = 10_000; div >= 1; div /= 10) {
      this.byte(DIGIT_0 + (Math.floor(prefix / div) % 10));
    }
    return this.byte(QUOTE);
  }

  /** Integer cents → `65.71`, always two decimals. */
  money(cents: number): this {
    return this.int(Math.floor(cents / 100))
      .byte(DOT)
      .two(cents % 100);
  }

  /** Epoch milliseconds → `YYYY-MM-DD HH:MM:SS` (read as wall-clock time); nothing for null. */
  timestamp(ms: number | null): this {
    if (ms === null) return this;
    const day = Math.floor(ms / DAY_MS);
    const seconds = Math.floor((ms - day * DAY_MS) / 1000);
    return this.text(this.date(day))
      .byte(SPACE)
      .two(Math.floor(seconds / 3600))
      .byte(COLON)
      .two(Math.floor(seconds / 60) % 60)
      .byte(COLON)
      .two(seconds % 60);
  }

  /** The CSV text written so far. */
  toString(): string {
    return this.buf.toString('latin1', 0, this.pos);
  }

  /** Bytes written and not yet taken by `take`. */
  get size(): number {
    return this.pos;
  }

  /**
   * The bytes written since the last call, which the writer then forgets: a view of its buffer,
   * valid until the next write.
   */
  take(): Buffer {
    const bytes = this.buf.subarray(0, this.pos);
    this.pos = 0;
    return bytes;
  }

  private date(day: number): string {
    let s = this.days.get(day);
    if (s === undefined) {
      s = new Date(day * DAY_MS).toISOString().slice(0, 10);
      this.days.set(day, s);
    }
    return s;
  }

  private two(n: number): this {
    this.reserve(2);
    this.buf[this.pos++] = DIGIT_0 + Math.floor(n / 10);
    this.buf[this.pos++] = DIGIT_0 + (n % 10);
    return this;
  }

  private byte(b: number): this {
    this.reserve(1);
    this.buf[this.pos++] = b;
    return this;
  }

  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }
}
