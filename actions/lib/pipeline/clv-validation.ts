/**
 * Holdout validation of the lifetime-value fit (`workshop clv validate`), and the file that carries
 * it to the page: `clv-validation.json` in the team's out folder. A run shows it only when it
 * validates the run's own fit (same window end and data fingerprint, clv/fingerprint.ts), so a
 * check of other data or another as-of date is never shown as current.
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ClvJson, ClvValidation, HoldoutCheck } from '../clv/model.js';
import { runClv } from '../clv/model.js';
import { readPurchaseHistory, withHoldout } from '../clv/purchase-history.js';
import type { TeamBackend } from './backend.js';
import type { SqlDirs } from './sql-dirs.js';
import { loadStep, migrateStep } from './steps.js';

export const CLV_VALIDATION_FILE = 'clv-validation.json';

export interface ClvValidationOptions {
  /** The team's data, as its `source` reads it. */
  readonly dataPath: string;
  /** First day after the holdout, YYYY-MM-DD. */
  readonly holdoutEnd: string;
  /** First day after the fit's window; default the environment's asOf. */
  readonly asOf?: string;
}

/**
 * Loads the data (features at the as-of date), fits on the purchases before it and compares the
 * predicted with the actual repeat purchases up to the holdout end.
 */
export async function clvValidationStep(
  backend: TeamBackend,
  dirs: Pick<SqlDirs, 'migrations' | 'loadChecks' | 'refresh'>,
  options: ClvValidationOptions,
): Promise<ClvValidation> {
  const env = { ...backend.env, ...(options.asOf === undefined ? {} : { asOf: options.asOf }) };
  const at = { ...backend, env };
  await migrateStep(at, dirs);
  await loadStep(at, dirs, options.dataPath);
  const summary = await withHoldout(
    backend.wh,
    await readPurchaseHistory(backend.wh),
    options.holdoutEnd,
  );
  const { result } = runClv(summary, env.clv);
  if (result.holdout === undefined) throw new Error('CLV: the fit has no holdout table');
  return { ...result, holdout: result.holdout };
}

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

/**
 * The validation in `file` when it checks `clv` (same window end and data), else why it is left
 * out of the page; no note when there is no file.
 */
export async function matchClvValidation(file: string, clv: ClvJson): Promise<ValidationMatch> {
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
  if (check.windowEnd !== clv.windowEnd) {
    return {
      note: `${file} checks a fit whose window ends ${check.windowEnd}, this run's ends ${clv.windowEnd}; not shown: ${RERUN} (the page shows a check of the environment's asOf)`,
    };
  }
  if (check.dataFingerprint !== clv.dataFingerprint) {
    return {
      note: `${file} checks a fit of other data (fingerprint ${check.dataFingerprint.slice(0, 19)}…, this run's ${clv.dataFingerprint.slice(0, 19)}…); not shown: ${RERUN}`,
    };
  }
  return {
    shown: check,
    note: `holdout check ${check.holdout.firstDay} to ${check.holdout.lastDay} from ${file} shown in the page`,
  };
}
