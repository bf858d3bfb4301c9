/**
 * Drift that Terraform does not see: the migrations applied in a team's warehouse against
 * `sql/migrations`, and its published dashboard against the definition in the code. Each check
 * runs in its own workflow step as the team's read-only drift role and leaves one JSON file,
 * `<team>.<check>.json`, which the drift report reads beside the Terraform plans.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { StepOutputs } from './runner-files.js';

export const OUTSIDE_CHECKS = ['migrations', 'dashboard'] as const;
export type OutsideCheckName = (typeof OUTSIDE_CHECKS)[number];

/** One difference: its kind (`pending`, `edited-outside`, …), what it is about, what to do. */
export interface OutsideFinding {
  readonly kind: string;
  /** The migration file or the dashboard id. */
  readonly subject: string;
  readonly detail: string;
}

/** What one check found for one team; with `error`, the check could not run. */
export interface OutsideCheck {
  readonly check: OutsideCheckName;
  readonly findings: readonly OutsideFinding[];
  readonly error?: string;
}

const FILE_SCHEMA = z
  .object({
    check: z.enum(OUTSIDE_CHECKS),
    findings: z.array(
      z.object({ kind: z.string(), subject: z.string(), detail: z.string() }).strict(),
    ),
    error: z.string().optional(),
  })
  .strict();

/** `<dir>/<team>.<check>.json`. */
export const outsideCheckPath = (dir: string, team: string, check: OutsideCheckName): string =>
  join(dir, `${team}.${check}.json`);

/**
 * The check's file, or a failed check saying why there is none: the step did not run (its role
 * could not be assumed, the job was cancelled) or left something else.
 */
export async function readOutsideCheck(
  dir: string,
  team: string,
  check: OutsideCheckName,
): Promise<OutsideCheck> {
  const path = outsideCheckPath(dir, team, check);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return { check, findings: [], error: 'did not run' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = FILE_SCHEMA.safeParse(parsed);
  if (!result.success || result.data.check !== check)
    return { check, findings: [], error: `${path} is not a ${check} check result` };
  const { error, findings } = result.data;
  return { check, findings, ...(error === undefined ? {} : { error }) };
}

const TITLE: Record<OutsideCheckName, string> = {
  migrations: 'Migrations in the warehouse',
  dashboard: 'Published dashboard',
};

/** Markdown for the step's job summary. */
export function renderOutsideCheck(team: string, result: OutsideCheck): string {
  const head = `### ${TITLE[result.check]}: \`${team}\``;
  if (result.error !== undefined) return `${head}\n\n❌ The check failed: ${result.error}\n`;
  if (result.findings.length === 0) return `${head}\n\n✅ In sync with the code.\n`;
  return [
    head,
    '',
    `⚠️ ${result.findings.length} difference${result.findings.length === 1 ? '' : 's'}:`,
    '',
    ...result.findings.map((f) => `- **${f.kind}** \`${f.subject}\`: ${f.detail}`),
    '',
  ].join('\n');
}

/** What {@link outsideCheckStep} did: the step's outputs and summary, and what stopped it. */
export interface OutsideCheckStepResult {
  readonly outputs: StepOutputs;
  readonly summary: string;
  readonly result: OutsideCheck;
  /** The error that stopped the check; the caller fails the step with it after reporting. */
  readonly failure?: Error;
}

/**
 * Runs one check for `team` and writes its file to `dir` whatever happens: its findings, or the
 * error that stopped it. Outputs `drifted` (`true`/`false`) and `findings` (their count).
 */
export async function outsideCheckStep(
  dir: string,
  team: string,
  check: OutsideCheckName,
  run: () => Promise<readonly OutsideFinding[]>,
): Promise<OutsideCheckStepResult> {
  let result: OutsideCheck;
  let failure: Error | undefined;
  try {
    result = { check, findings: await run() };
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    result = { check, findings: [], error: failure.message };
  }
  await mkdir(dir, { recursive: true });
  await writeFile(outsideCheckPath(dir, team, check), `${JSON.stringify(result, null, 2)}\n`);
  return {
    result,
    outputs: {
      drifted: String(result.findings.length > 0),
      findings: String(result.findings.length),
    },
    summary: renderOutsideCheck(team, result),
    ...(failure === undefined ? {} : { failure }),
  };
}
