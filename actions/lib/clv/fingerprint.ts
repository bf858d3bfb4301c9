/**
 * A fingerprint of what a lifetime-value fit was fitted on: the calibration window and every
 * history in it. Two fits of the same data and as-of date have the same fingerprint however their
 * histories were read (one row per customer or grouped), so a holdout validation can be matched to
 * the run it validates.
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

/** Back to whole days: t_x and T are days / 7 wherever they are read from. */
const days = (weeks: number): number => Math.round(weeks * 7);

/** `sha256:<hex>` of the window end and the histories, grouped and sorted. */
export function historiesFingerprint(
  histories: readonly FingerprintHistory[],
  windowEndDate: string,
): string {
  const customers = new Map<string, number>();
  for (const h of histories) {
    const key = `${h.x},${days(h.tx)},${days(h.T)},${h.x > 0 && h.meanRepeatValue !== null ? String(h.meanRepeatValue) : ''}`;
    customers.set(key, (customers.get(key) ?? 0) + h.weight);
  }
  const hash = createHash('sha256').update(`window end ${windowEndDate}\n`);
  for (const key of [...customers.keys()].sort()) hash.update(`${key},${customers.get(key)}\n`);
  return `sha256:${hash.digest('hex')}`;
}
