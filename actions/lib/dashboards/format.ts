import type { NumberFormat } from './types.js';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** How a number is written on the page; `–` when there is none (no active model yet). */
export function formatNumber(value: number | null, format: NumberFormat): string {
  if (value === null) return '–';
  switch (format) {
    case 'integer':
      return integer.format(value);
    case 'decimal':
    case 'currency':
      return twoDecimals.format(value);
    case 'version':
      return `v${integer.format(value)}`;
  }
}

/** Counts in sentences: `4,000`. */
export const formatCount = (n: number): string => integer.format(n);
