/**
 * One generated sample per kind of team: Olist's three e-commerce files, a bank's card and account
 * transactions, or an insurer's premium payments. Each is deterministic for its seed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SampleKind } from '../../../contracts/environment/schema.js';
import { BANKING } from './banking.js';
import { writeSampleData } from './generate.js';
import { INSURANCE } from './insurance.js';

/** The banking and insurance samples are one string each, which V8 caps at about 512 million characters. */
const MAX_STRING_SAMPLE_ROWS = 2_000_000;

export interface SampleFile {
  readonly path: string;
  /** Data rows, without the header. */
  readonly rows: number;
  readonly bytes: number;
}

export interface WrittenSample {
  readonly files: readonly SampleFile[];
  /** What `--data` takes for it: the folder of the Olist files, or the one transactions file. */
  readonly dataPath: string;
}

/** Writes the `kind` sample into `dir`: about `size` orders (olist) or rows (the others). */
export async function writeSample(
  kind: SampleKind,
  dir: string,
  options: { size: number; seed: number },
): Promise<WrittenSample> {
  if (kind === 'olist') {
    const files = await writeSampleData(dir, { orders: options.size, seed: options.seed });
    return { files, dataPath: dir };
  }
  if (options.size > MAX_STRING_SAMPLE_ROWS) {
    throw new RangeError(
      `a ${kind} sample of ${options.size} rows cannot be generated: it is built in memory as one string, which caps it at ${MAX_STRING_SAMPLE_ROWS.toLocaleString('en-US')} rows. Ask for fewer, or for the olist sample, which streams to disk`,
    );
  }
  const sample = kind === 'banking' ? BANKING : INSURANCE;
  const text = sample.generate({ rows: options.size, seed: options.seed });
  await mkdir(dir, { recursive: true });
  const path = join(dir, sample.file);
  await writeFile(path, text, 'utf8');
  const rows = text.split('\n').length - 2;
  return { files: [{ path, rows, bytes: Buffer.byteLength(text, 'utf8') }], dataPath: path };
}
