/**
 * A fingerprint of what a lifetime-value fit was fitted on: the calibration window and every
 * history in it. Two fits of the same data and as-of date have the same fingerprint however their
 * histories were read (one row per customer or grouped, in any order), so a holdout validation can
 * be matched to the run it validates.
 *
 * One pass, no sorting: each history is hashed to four 32-bit words with different seeds, and
 * the words are summed over the customers (a history standing for n customers adds n times its
 * words). The sums, the customer count and the window end are then digested with SHA-256. It
 * tells data sets apart; it is not meant to resist someone forging a collision.
 */
import { createHash } from 'node:crypto';

/** A history as the models see it: weeks, which are whole days / 7. */
export interface FingerprintHistory {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly meanRepeatValue: number | null;
  readonly weight: number;
}

const SEEDS = [0x9e3779b9, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f] as const;

/** MurmurHash3's 32-bit finaliser: every input bit moves every output bit. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The mean repeat value's 64 bits, as two words. */
const value = new Float64Array(1);
const valueWords = new Uint32Array(value.buffer);

/** One history's word under `seed`: x, t_x and T in whole days, and the mean's two words. */
function hashHistory(
  seed: number,
  x: number,
  txDays: number,
  tDays: number,
  lo: number,
  hi: number,
) {
  let h = mix(Math.imul(seed ^ x, 0x5bd1e995));
  h = mix(Math.imul(h ^ txDays, 0x5bd1e995));
  h = mix(Math.imul(h ^ tDays, 0x5bd1e995));
  h = mix(Math.imul(h ^ lo, 0x5bd1e995));
  return mix(Math.imul(h ^ hi, 0x5bd1e995));
}

/** `sha256:<hex>` of the window end and the histories. */
export function historiesFingerprint(
  histories: readonly FingerprintHistory[],
  windowEndDate: string,
): string {
  const sums = new Uint32Array(SEEDS.length);
  let customers = 0;
  for (const h of histories) {
    // No mean (x = 0) hashes as the bits of NaN, which no mean has.
    value[0] = h.x > 0 && h.meanRepeatValue !== null ? h.meanRepeatValue : NaN;
    const lo = valueWords[0] as number;
    const hi = valueWords[1] as number;
    const txDays = Math.round(h.tx * 7);
    const tDays = Math.round(h.T * 7);
    for (let lane = 0; lane < SEEDS.length; lane++) {
      const word = hashHistory(SEEDS[lane]!, h.x, txDays, tDays, lo, hi);
      sums[lane] = (sums[lane] as number) + Math.imul(word, h.weight);
    }
    customers += h.weight;
  }
  const words = Array.from(sums, (sum) => sum.toString(16).padStart(8, '0')).join('');
  const digest = createHash('sha256')
    .update(`window end ${windowEndDate}; ${customers} customers; ${words}`)
    .digest('hex');
  return `sha256:${digest}`;
}
