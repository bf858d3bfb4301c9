/**
 * The file that carries a holdout validation (`workshop clv validate`) to the page:
 * `clv-validation.json` in the team's out folder. The page shows it only when it validates the fit
 * of the data the warehouse holds (same window end and data fingerprint, clv/fingerprint.ts), so a
 * check of other data or another as-of date is never shown as current.
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Warehouse } from '../warehouse/warehouse.js';
import { historiesFingerprint } from './fingerprint.js';
import { readWarehouseHistories } from './history-scores.js';
import type { ClvJson, ClvValidation, HoldoutCheck } from './model.js';

export const CLV_VALIDATION_FILE = 'clv-validation.json';

/** Writes `clv-validation.json` into `outDir`; returns its path. */
export async function writeClvValidation(
  outDir: string,
  validation: ClvValidation,
): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, CLV_VALIDATION_FILE);
  await writeFile(file, `${JSON.stringify(validation, null, 2)}\n`);
  return file;
}

const row = z.object({
  frequency: z.string(),
  customers: z.number(),
  actual: z.number(),
  predicted: z.number(),
  actualMean: z.number(),
  predictedMean: z.number(),
});

/** The part of the file the page shows. */
const HOLDOUT_CHECK = z.object({
  windowEnd: z.string(),
  dataFingerprint: z.string(),
  holdout: z.object({
    holdoutWeeks: z.number(),
    customers: z.number(),
    actual: z.number(),
    predicted: z.number(),
    byFrequency: z.array(row),
    firstDay: z.string(),
    lastDay: z.string(),
  }),
  warnings: z.array(z.string()),
});

/** Whether a validation file is shown with a fit, and why not. */
export type ValidationMatch =
  | { readonly shown: HoldoutCheck; readonly note: string }
  | { readonly shown?: undefined; readonly note: string | undefined };

const RERUN = 'run workshop clv validate again with the data and as-of date of this run';

/** What identifies a fit: its window and the histories in it. */
export type FitIdentity = Pick<ClvJson, 'windowEnd' | 'dataFingerprint'>;

/** The identity of a fit of what the warehouse holds now, as `clvStep` would fit it. */
export async function warehouseFitIdentity(wh: Warehouse): Promise<FitIdentity> {
  const { histories, windowEndDate } = await readWarehouseHistories(wh);
  return {
    windowEnd: windowEndDate,
    dataFingerprint: historiesFingerprint(histories, windowEndDate),
  };
}

/**
 * The validation in `file` when it checks the fit `current` identifies (same window end and
 * data), else why it is left out of the page; no note, and `current` not asked, without a file.
 */
export async function matchClvValidation(
  file: string,
  current: () => Promise<FitIdentity>,
): Promise<ValidationMatch> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { note: undefined };
    throw error;
  }
  let parsed: ReturnType<typeof HOLDOUT_CHECK.safeParse>;
  try {
    parsed = HOLDOUT_CHECK.safeParse(JSON.parse(text));
  } catch (error) {
    return { note: `${file} is not JSON (${(error as Error).message}); not shown: ${RERUN}` };
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      note: `${file}: ${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'unreadable'}; not shown: ${RERUN}`,
    };
  }
  const check = parsed.data;
  const clv = await current();
  if (check.windowEnd !== clv.windowEnd) {
    return {
      note: `${file} checks a fit whose window ends ${check.windowEnd}, the warehouse's ends ${clv.windowEnd}; not shown: ${RERUN} (the page shows a check of the environment's asOf)`,
    };
  }
  if (check.dataFingerprint !== clv.dataFingerprint) {
    return {
      note: `${file} checks a fit of other data (fingerprint ${check.dataFingerprint.slice(0, 19)}…, the warehouse's ${clv.dataFingerprint.slice(0, 19)}…); not shown: ${RERUN}`,
    };
  }
  return {
    shown: check,
    note: `holdout check ${check.holdout.firstDay} to ${check.holdout.lastDay} from ${file} shown in the page`,
  };
}
