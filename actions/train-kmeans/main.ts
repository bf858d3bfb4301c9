/**
 * The train-kmeans action's shell: parse the inputs (one schema), open the backend, call
 * `runTrainKMeans`, set the outputs and the job summary. Every failure ends in `core.setFailed`.
 */
import * as core from '@actions/core';
import { runAction } from '../shared/entrypoint.js';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { loadTeam } from '../../contracts/environment/load.js';
import type { Environment } from '../../contracts/environment/schema.js';
import { readStackOutputs } from '../../contracts/stack-outputs.js';
import { PgliteWarehouse } from '../lib/warehouse/pglite.js';
import { createRedshiftDataClient } from '../lib/warehouse/redshift-data-client.js';
import { RedshiftDataWarehouse, redshiftTarget } from '../lib/warehouse/redshift-data.js';
import { localPaths } from '../lib/workshop/paths.js';
import { runTrainKMeans, type TrainKMeansContext, type TrainKMeansInputs } from './run.js';

const USER_AGENT = 'rfm-workshop/train-kmeans';
const TEAM_ERROR =
  'expected a team id: lowercase letters, digits and dashes, starting with a letter';
const INSTANCE_TYPE_ERROR =
  'expected an instance type such as ml.c5.xlarge, or empty for the environment file';
const K_ERROR = 'expected auto, a whole number from 2 to 50, or empty for the environment file';

/** An empty input means "not given": the environment file decides. */
const blank = z.literal('').transform(() => undefined);

/** The action's inputs exactly as `action.yml` declares them. */
const inputSchema = z
  .object({
    team: z.string().regex(/^[a-z][a-z0-9-]{0,20}$/, { error: TEAM_ERROR }),
    backend: z.enum(['local', 'aws'], { error: 'expected local or aws' }),
    k: z.union(
      [
        blank,
        z.literal('auto'),
        z
          .string()
          .regex(/^\d+$/, { error: K_ERROR })
          .transform(Number)
          .pipe(z.int().min(2, { error: K_ERROR }).max(50, { error: K_ERROR })),
      ],
      { error: K_ERROR },
    ),
    'approval-policy': z.union([blank, z.enum(['auto', 'manual'])], {
      error: 'expected auto, manual, or empty for the environment file',
    }),
    'instance-type': z.union(
      [blank, z.string().regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, { error: INSTANCE_TYPE_ERROR })],
      { error: INSTANCE_TYPE_ERROR },
    ),
    'stack-outputs': z.union([blank, z.string()]),
    'environments-dir': z.string().min(1, { error: 'expected a folder' }),
  })
  .superRefine((v, ctx) => {
    if (v.backend === 'aws' && v['stack-outputs'] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['stack-outputs'],
        message:
          "required when backend is aws: the JSON file of `terraform output -json` for the team's stack",
      });
    }
  });

type ParsedInputs = z.output<typeof inputSchema>;
const INPUT_NAMES = Object.keys(inputSchema.shape) as (keyof ParsedInputs)[];

/** Reads and validates every input; the error names each bad input and what it expects. */
export function parseInputs(getInput: (name: string) => string): ParsedInputs {
  const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, getInput(name).trim()]));
  const result = inputSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new Error(
    result.error.issues
      .map(
        (i) =>
          `input "${i.path.join('.')}" is "${String(raw[String(i.path[0])] ?? '')}": ${i.message}`,
      )
      .join('\n'),
  );
}

function toRunInputs(p: ParsedInputs): TrainKMeansInputs {
  return {
    team: p.team,
    backend: p.backend,
    ...(p.k === undefined ? {} : { k: p.k }),
    ...(p['approval-policy'] === undefined ? {} : { approvalPolicy: p['approval-policy'] }),
    ...(p['instance-type'] === undefined ? {} : { instanceType: p['instance-type'] }),
  };
}

/** The warehouse and clients of the chosen backend, and how to release them. */
async function openBackend(
  p: ParsedInputs,
  env: Environment,
  root: string,
  signal: AbortSignal,
): Promise<{
  context: Omit<TrainKMeansContext, 'env' | 'commit' | 'runId'>;
  close(): Promise<void>;
}> {
  if (p.backend === 'local') {
    const paths = localPaths(root, env.team);
    const wh = await PgliteWarehouse.open(paths.database);
    return { context: { wh, modelsDir: paths.models }, close: () => wh.close() };
  }
  const file = resolve(root, p['stack-outputs'] as string);
  const stack = readStackOutputs(await readFile(file, 'utf8'), file);
  const sagemaker = new SageMakerClient({ region: stack.region, customUserAgent: USER_AGENT });
  const s3 = new S3Client({ region: stack.region, customUserAgent: USER_AGENT });
  const data = createRedshiftDataClient(stack.region);
  const wh = new RedshiftDataWarehouse({
    client: data,
    target: redshiftTarget(stack.warehouse),
    signal,
  });
  return {
    context: { wh, aws: { sagemaker, s3, stack, wait: { signal } } },
    close: async () => {
      await wh.close();
      for (const client of [sagemaker, s3, data]) client.destroy();
    },
  };
}

/** The action's entry point. */
export async function main(): Promise<void> {
  await runAction(async (signal) => {
    const parsed = parseInputs((name) => core.getInput(name));
    const root = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const env = await loadTeam(resolve(root, parsed['environments-dir']), parsed.team);
    const backend = await openBackend(parsed, env, root, signal);
    try {
      const runId = process.env.GITHUB_RUN_ID;
      return await runTrainKMeans(toRunInputs(parsed), {
        ...backend.context,
        env,
        commit: process.env.GITHUB_SHA ?? 'unknown',
        runId:
          runId === undefined
            ? `local-${Date.now()}`
            : `${runId}-${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`,
        log: (line) => core.info(line),
      });
    } finally {
      await backend.close();
    }
  });
}
