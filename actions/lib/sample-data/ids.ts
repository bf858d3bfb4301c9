/**
 * Random 128-bit ids, stored as four 32-bit words each and written as 32 lowercase hex characters
 * (see `CsvWriter.id`). Ids are referred to by their index in the pool.
 */
import type { Random } from '../random.js';

export class IdPool {
  /** Four words per id, most significant first. */
  readonly words: Uint32Array;
  private count = 0;
  /**
   * Open-addressing set of every id's first word: keeping those distinct keeps the ids distinct.
   * `used[slot]` is 0 while the slot is empty.
   */
  private readonly firstWords: Uint32Array;
  private readonly used: Uint8Array;
  private readonly mask: number;
  private readonly random: Random;

  constructor(capacity: number, random: Random) {
    this.words = new Uint32Array(capacity * 4);
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.firstWords = new Uint32Array(slots);
    this.used = new Uint8Array(slots);
    this.mask = slots - 1;
    this.random = random;
  }

  /** A new id, different from every other id of this pool. */
  next(): number {
    if (this.count * 4 >= this.words.length) throw new RangeError('IdPool is full');
    let first = this.word();
    while (!this.claim(first)) first = this.word();
    const base = this.count * 4;
    this.words[base] = first;
    for (let k = 1; k < 4; k++) this.words[base + k] = this.word();
    return this.count++;
  }

  /** Adds `first` to the set; false when it is there already. */
  private claim(first: number): boolean {
    let slot = (Math.imul(first, 0x9e3779b1) >>> 0) & this.mask;
    while (this.used[slot] === 1) {
      if (this.firstWords[slot] === first) return false;
      slot = (slot + 1) & this.mask;
    }
    this.used[slot] = 1;
    this.firstWords[slot] = first;
    return true;
  }

  private word(): number {
    return Math.floor(this.random.next() * 0x1_0000_0000);
  }
}
