/** The public CDNOW per-customer summary checked in under test/fixtures/cdnow (source named there). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface CdnowCustomer {
  readonly id: number;
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly zbar: number;
}

const FILE = fileURLToPath(
  new URL('../../../fixtures/cdnow/cdnow_customers_summary_with_transactions.csv', import.meta.url),
);

export function loadCdnow(): CdnowCustomer[] {
  const [header, ...lines] = readFileSync(FILE, 'utf8').trim().split('\n');
  if (header !== 'ID,x,t_x,T,zbar') throw new Error(`${FILE}: unexpected header ${header}`);
  return lines.map((line) => {
    const [id, x, tx, T, zbar] = line.split(',').map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    return { id, x, tx, T, zbar };
  });
}
