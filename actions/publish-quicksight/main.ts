import * as core from '@actions/core';
import { QuickSightClient } from '@aws-sdk/client-quicksight';
import { z } from 'zod';
import { run, type PublishInputs } from './run.js';

const USER_AGENT = 'rfm-workshop/publish-quicksight';

/** Empty inputs (not given) become undefined, so that defaults and optionality apply. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const wholeNumber = (lo: number, hi: number) =>
  z.coerce
    .number({ error: `expected a whole number from ${lo} to ${hi}` })
    .int({ error: `expected a whole number from ${lo} to ${hi}` })
    .min(lo, { error: `expected a whole number from ${lo} to ${hi}` })
    .max(hi, { error: `expected a whole number from ${lo} to ${hi}` });
const bool = z.enum(['true', 'false'], { error: 'expected true or false' });

/** The action's inputs, named as in action.yml. */
const inputsSchema = z.strictObject({
  team: z.string().regex(/^[a-z][a-z0-9-]{0,20}$/, {
    error: 'expected a team id (lowercase letters, digits and dashes, starting with a letter)',
  }),
  'environments-dir': z.string().min(1, { error: 'expected a folder' }),
  'stack-outputs': z.string().min(1, {
    error: "required: a file with the team stack's `terraform output -json`",
  }),
  'model-version': optional(wholeNumber(1, 2 ** 31 - 1)),
  refresh: z.enum(['auto', 'always', 'never'], { error: 'expected auto, always or never' }),
  'wait-for-ingestion': bool,
  'timeout-minutes': wholeNumber(1, 360),
  'aws-account-id': optional(
    z.string().regex(/^\d{12}$/, { error: 'expected a 12-digit account id' }),
  ),
  'identity-region': optional(
    z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: 'expected an AWS region such as us-east-1' }),
  ),
  'group-namespace': z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,64}$/, { error: 'expected a QuickSight namespace' }),
  'redshift-host': optional(z.string().min(1)),
  'redshift-port': optional(wholeNumber(1, 65535)),
  'run-id': optional(
    z.string().regex(/^[\w-]{1,64}$/, { error: 'expected letters, digits, - and _' }),
  ),
});

const INPUT_NAMES = Object.keys(inputsSchema.shape) as (keyof typeof inputsSchema.shape)[];

function parseInputs(raw: Record<string, string>): PublishInputs {
  const parsed = inputsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `input "${String(i.path[0])}": ${i.message}`);
    throw new Error(problems.join('; '));
  }
  const i = parsed.data;
  return {
    team: i.team,
    environmentsDir: i['environments-dir'],
    stackOutputs: i['stack-outputs'],
    refresh: i.refresh,
    waitForIngestion: i['wait-for-ingestion'] === 'true',
    timeoutMinutes: i['timeout-minutes'],
    namespace: i['group-namespace'],
    ...(i['model-version'] === undefined ? {} : { modelVersion: i['model-version'] }),
    ...(i['aws-account-id'] === undefined ? {} : { accountId: i['aws-account-id'] }),
    ...(i['identity-region'] === undefined ? {} : { identityRegion: i['identity-region'] }),
    ...(i['redshift-host'] === undefined ? {} : { redshiftHost: i['redshift-host'] }),
    ...(i['redshift-port'] === undefined ? {} : { redshiftPort: i['redshift-port'] }),
    ...(i['run-id'] === undefined ? {} : { runId: i['run-id'] }),
  };
}

/** Reads the inputs, publishes, sets the outputs and writes the job summary. */
export async function main(): Promise<void> {
  try {
    const inputs = parseInputs(Object.fromEntries(INPUT_NAMES.map((n) => [n, core.getInput(n)])));
    const { outputs, summary } = await run(
      inputs,
      { quicksight: (region) => new QuickSightClient({ region, customUserAgent: USER_AGENT }) },
      (line) => core.info(line),
    );
    core.setOutput('dashboard-id', outputs.dashboardId);
    core.setOutput('dashboard-url', outputs.dashboardUrl);
    core.setOutput('published-version', String(outputs.publishedVersion));
    core.setOutput('changed', String(outputs.changed));
    await core.summary.addRaw(summary).write();
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
