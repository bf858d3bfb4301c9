/**
 * Converts the public CDNOW sample (2,357 customers, 1997-01-01 to 1998-06-30) into the test
 * fixture `test/fixtures/cdnow/cdnow_transactions.csv`: a header, one row per transaction, ISO
 * dates. Source and licence: test/fixtures/cdnow/README.md.
 *
 * Reads either published form of the same event log:
 * - BTYD's `data/cdnowElog.csv`: a header `masterid,sampleid,date,cds,sales`, comma-separated;
 * - `CDNOW_sample.txt` (as `lifetimes` ships it): no header, five whitespace-separated columns
 *   (master id, sample id, date, CDs, dollars).
 *
 * Writes `customer_id,date,cds,dollars`: customer_id is the sample id (1 … 2,357, the ID of the
 * per-customer summary beside it), date is YYYYMMDD rewritten as YYYY-MM-DD, cds and dollars as
 * given. Rows keep the source's order. The master id is dropped.
 *
 * Usage: `npx tsx scripts/cdnow-fixture.ts SOURCE [OUT]` (OUT defaults to the fixture's path).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_OUT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'test',
  'fixtures',
  'cdnow',
  'cdnow_transactions.csv',
);
const BTYD_HEADER = 'masterid,sampleid,date,cds,sales';
export const FIXTURE_HEADER = 'customer_id,date,cds,dollars';

/** YYYYMMDD as YYYY-MM-DD, or undefined when it is no calendar date. */
function isoDay(yyyymmdd: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (m === null) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === iso
    ? iso
    : undefined;
}

/** The fixture's CSV text from the source's text; an error names the source line and field. */
export function convertCdnow(source: string, name: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const btyd = lines[0]?.trim() === BTYD_HEADER;
  const out = [FIXTURE_HEADER];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || (btyd && i === 0)) return;
    const fields = btyd ? line.split(',') : line.split(/\s+/);
    const where = `${name}:${i + 1}`;
    if (fields.length !== 5) {
      throw new Error(
        `${where}: has ${fields.length} fields, expected 5 (master id, sample id, date, CDs, dollars)`,
      );
    }
    const [, sampleId, date, cds, dollars] = fields as [string, string, string, string, string];
    if (!/^\d+$/.test(sampleId))
      throw new Error(`${where}: sample id "${sampleId}" is not a number`);
    const day = isoDay(date);
    if (day === undefined) throw new Error(`${where}: date "${date}" is not a YYYYMMDD date`);
    if (!/^\d+$/.test(cds)) throw new Error(`${where}: CDs "${cds}" is not a whole number`);
    if (!/^\d+(\.\d+)?$/.test(dollars))
      throw new Error(`${where}: dollar value "${dollars}" is not an amount`);
    out.push(`${sampleId},${day},${cds},${dollars}`);
  });
  return `${out.join('\n')}\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [source, out = DEFAULT_OUT] = process.argv.slice(2);
  if (source === undefined) {
    process.stderr.write('usage: npx tsx scripts/cdnow-fixture.ts SOURCE [OUT]\n');
    process.exit(2);
  }
  const csv = convertCdnow(readFileSync(source, 'utf8'), source);
  writeFileSync(out, csv);
  process.stderr.write(`wrote ${out}: ${csv.split('\n').length - 2} transactions\n`);
}
