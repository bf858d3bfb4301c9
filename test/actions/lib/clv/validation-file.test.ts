/**
 * Which clv-validation.json the page shows: only a check of the fit of the warehouse's data (same
 * window end and data fingerprint); any other file is left out with a note that names it and says
 * what to do.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runClv, type ClvJson, type ClvValidation } from '../../../../actions/lib/clv/model.js';
import { summarizeTransactions, type Transaction } from '../../../../actions/lib/clv/summary.js';
import {
  CLV_VALIDATION_FILE,
  matchClvValidation,
  writeClvValidation,
} from '../../../../actions/lib/clv/validation-file.js';
import { createRandom } from '../../../../actions/lib/random.js';

/** 60 customers buying every few weeks through 2024, some of them stopping. */
function transactions(): Transaction[] {
  const random = createRandom(7);
  const out: Transaction[] = [];
  const start = Date.UTC(2024, 0, 1) / 86_400_000;
  for (let c = 0; c < 60; c++) {
    let day = start + Math.floor(random.next() * 90);
    const stop = start + 120 + Math.floor(random.next() * 240);
    while (day < stop) {
      out.push({ customerId: `c${c}`, day, amount: 10 + Math.round(random.next() * 4000) / 100 });
      day += 5 + Math.floor(random.next() * 60);
    }
  }
  return out;
}

/** `o` without its `key`. */
const without = <T extends object, K extends keyof T>(o: T, key: K): Omit<T, K> =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key)) as Omit<T, K>;

let dir: string;
let validation: ClvValidation;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clv-validation-'));
  const { result } = runClv(
    summarizeTransactions(transactions(), { asOf: '2024-07-01', holdoutEnd: '2024-10-01' }),
  );
  validation = { ...result, holdout: result.holdout! };
  file = await writeClvValidation(join(dir, 'out'), validation);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('matchClvValidation', () => {
  /** The warehouse's fit: the validated one without its holdout, or as `changes` make it. */
  const fit = (changes: Partial<ClvJson> = {}): ClvJson => {
    return { ...without(validation, 'holdout'), ...changes };
  };

  test('the check of the fit of the warehouse’s data is shown, with its period', async () => {
    expect(file).toBe(join(dir, 'out', CLV_VALIDATION_FILE));
    const match = await matchClvValidation(file, async () => fit());
    expect(match.shown?.holdout).toEqual(validation.holdout);
    expect(match.shown?.warnings).toEqual(validation.warnings);
    expect(match.shown?.holdout.firstDay).toBe('2024-07-01');
    expect(match.shown?.holdout.lastDay).toBe('2024-09-30');
    expect(match.note).toBe(
      `holdout check 2024-07-01 to 2024-09-30 from ${file} shown in the page`,
    );
  });

  test('no file: nothing shown, nothing said, the warehouse not read', async () => {
    let asked = 0;
    const current = async () => {
      asked++;
      return fit();
    };
    expect(await matchClvValidation(join(dir, 'none.json'), current)).toEqual({ note: undefined });
    expect(asked).toBe(0);
  });

  test('another window end: not shown, both dates named', async () => {
    const match = await matchClvValidation(file, async () => fit({ windowEnd: '2024-07-31' }));
    expect(match.shown).toBeUndefined();
    expect(match.note).toContain(`${file} checks a fit whose window ends 2024-06-30`);
    expect(match.note).toContain("the warehouse's ends 2024-07-31");
    expect(match.note).toContain('run workshop clv validate again');
  });

  test('other data in the same window: not shown', async () => {
    const other = `sha256:${'0'.repeat(64)}`;
    const match = await matchClvValidation(file, async () => fit({ dataFingerprint: other }));
    expect(match.shown).toBeUndefined();
    expect(match.note).toContain(`${file} checks a fit of other data`);
  });

  test('a file without a fingerprint (an older version) or not JSON: not shown, and why', async () => {
    const older = without(JSON.parse(await readFile(file, 'utf8')) as ClvJson, 'dataFingerprint');
    const olderFile = join(dir, 'older.json');
    await writeFile(olderFile, JSON.stringify(older));
    const match = await matchClvValidation(olderFile, async () => fit());
    expect(match.shown).toBeUndefined();
    expect(match.note).toMatch(new RegExp(`^${olderFile}: dataFingerprint: .*not shown`));

    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"windowEnd": ');
    const notJson = await matchClvValidation(broken, async () => fit());
    expect(notJson.shown).toBeUndefined();
    expect(notJson.note).toContain(`${broken} is not JSON`);
  });
});
