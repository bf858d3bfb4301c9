/** Column specs by kind: what a dataset definition writes for each of its columns. */
import type { ColumnSpec, ColumnType, NumberFormat } from './types.js';

const typed =
  (type: ColumnType) =>
  (name: string, label?: string): ColumnSpec => ({ name, type, label });

const formatted =
  (format: NumberFormat) =>
  (name: string, label?: string): ColumnSpec => ({ name, type: 'DECIMAL', label, format });

export const int = typed('INTEGER');
export const dec = typed('DECIMAL');
export const str = typed('STRING');
export const date = typed('DATETIME');
/** Money: labelled with the currency, shown with cents. */
export const money = formatted('currency');
/** Money shown in thousands or millions. */
export const compactMoney = formatted('currency-compact');
/** A share from 0 to 1, shown as a percentage. */
export const share = formatted('percent');
/** A decimal shown rounded to a whole number (an average of days). */
export const rounded = formatted('integer');
