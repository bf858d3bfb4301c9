/**
 * Purchase timestamps: a trickle after the 2016-09 launch, growth through 2017 to a plateau in
 * 2018, fewer orders at weekends and a Black-Friday spike on 2017-11-24. Times are wall-clock
 * times stored as UTC epoch milliseconds.
 */
import type { Random } from '../random.js';
import { weightedPicker } from './weighted.js';

export const SECOND_MS = 1000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const FIRST_DAY = Date.UTC(2016, 8, 4);
const LAST_DAY = Date.UTC(2018, 8, 3);
const GROWTH_START = Date.UTC(2017, 0, 1);
const PLATEAU_START = Date.UTC(2018, 0, 1);
const TAIL_START = Date.UTC(2018, 8, 1);
const BLACK_FRIDAY = Date.UTC(2017, 10, 24);

/** Sunday first. */
const WEEKDAY_FACTOR = [0.8, 1.1, 1.1, 1.05, 1, 0.95, 0.75];
/** Relative share of purchases by hour of day: quiet nights, busy from late morning to evening. */
const HOUR_WEIGHTS = [
  2.4, 1.1, 0.5, 0.3, 0.2, 0.2, 0.5, 1.2, 3, 4.8, 6.2, 6.6, 6, 6.5, 6.6, 6.4, 6.7, 6.2, 5.9, 6, 6.3,
  6.3, 5.8, 4.2,
];

function trend(day: number): number {
  if (day < GROWTH_START) return 0.015;
  if (day >= TAIL_START) return 0.01;
  if (day < PLATEAU_START)
    return 0.15 + (0.85 * (day - GROWTH_START)) / (PLATEAU_START - GROWTH_START);
  return 1 - (0.1 * (day - PLATEAU_START)) / (TAIL_START - PLATEAU_START);
}

function blackFridayFactor(day: number): number {
  const offset = Math.round((day - BLACK_FRIDAY) / DAY_MS);
  if (offset === 0) return 4.5;
  if (offset > 0 && offset <= 3) return 1.7;
  if (offset < 0 && offset >= -7) return 1.2;
  return 1;
}

function dayWeight(day: number): number {
  return trend(day) * WEEKDAY_FACTOR[new Date(day).getUTCDay()] * blackFridayFactor(day);
}

const DAYS: readonly number[] = Array.from(
  { length: (LAST_DAY - FIRST_DAY) / DAY_MS + 1 },
  (_, i) => FIRST_DAY + i * DAY_MS,
);
const pickDay = weightedPicker(DAYS.map(dayWeight));
const pickHour = weightedPicker(HOUR_WEIGHTS);

/** A purchase timestamp (whole seconds) drawn from the order-volume curve. */
export function purchaseTimestamp(random: Random): number {
  const day = DAYS[pickDay(random.next())];
  const hour = pickHour(random.next());
  return day + hour * HOUR_MS + random.int(0, 3599) * SECOND_MS;
}

/** Midnight of the day containing `ms`. */
export function startOfDay(ms: number): number {
  return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}
