import type { NumberFormat } from './types.js';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const compact = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumSignificantDigits: 3,
});
const percent = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/**
 * How a number is written on the page; `–` when there is none (no active model or lifetime value
 * yet). Money formats put the ISO 4217 `currency` code first (`EUR 1,234.56`, `EUR 1.23M`) unless
 * it is empty, as in a table whose header names it.
 */
export function formatNumber(value: number | null, format: NumberFormat, currency = ''): string {
  if (value === null) return '–';
  const money = (text: string) => (currency === '' ? text : `${currency} ${text}`);
  switch (format) {
    case 'integer':
      return integer.format(value);
    case 'decimal':
      return twoDecimals.format(value);
    case 'currency':
      return money(twoDecimals.format(value));
    case 'currency-compact':
      return money(Math.abs(value) < 1000 ? integer.format(value) : compact.format(value));
    case 'percent':
      // A handful of customers among many is not nothing.
      return value > 0 && value < 0.0005 ? '<0.1%' : percent.format(value);
    case 'version':
      return `v${integer.format(value)}`;
  }
}

/** Counts in sentences: `4,000`. */
export const formatCount = (n: number): string => integer.format(n);
