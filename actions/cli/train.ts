import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { InvalidArgumentError, type Command } from 'commander';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { readStackOutputs } from '../../contracts/stack-outputs.js';
import { resolveApproval } from '../lib/segmentation/approval.js';
import { awsBackend, localBackend, type TrainingBackend } from '../lib/segmentation/backends.js';
import { trainModel } from '../lib/segmentation/train-model.js';
import { createRedshiftDataClient } from '../lib/warehouse/redshift-data-client.js';
import { RedshiftDataWarehouse, redshiftTarget } from '../lib/warehouse/redshift-data.js';
import type { Warehouse } from '../lib/warehouse/warehouse.js';
import { resolveEnvironment } from '../lib/workshop/environment.js';
import { cli, databaseUrlOption, kOption, openLocalTeam } from './context.js';

interface TrainFlags {
  team?: string;
  k?: number | 'auto';
  backend: 'local' | 'aws';
  stackOutputs?: string;
  approval?: 'auto' | 'manual';
  instanceType?: string;
  databaseUrl?: string;
}

const choice =
  <T extends string>(name: string, values: readonly T[]) =>
  (value: string): T => {
    if (!(values as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`${name} must be ${values.join(' or ')}, got "${value}"`);
    }
    return value as T;
  };

/** The commit being trained from, for the registry's metadata; `unknown` outside a git checkout. */
async function currentCommit(): Promise<string> {
  if (process.env.GITHUB_SHA !== undefined) return process.env.GITHUB_SHA;
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', 'HEAD'], { timeout: 5000 });
    return stdout.trim();
  } catch {
    return 'unknown';
  }
}

/** `workshop train [--backend local|aws]`. */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      'train a KMeans model on the loaded data, register it, and make it the active version when approved',
    )
    .option('--team <id>', 'team id')
    .option('--k <k>', 'number of clusters or auto', kOption)
    .option(
      '--backend <backend>',
      'local (TypeScript trainer, .workshop/<team>) or aws (Redshift + SageMaker)',
      choice('--backend', ['local', 'aws'] as const),
      'local',
    )
    .option('--stack-outputs <file>', "terraform output -json of the team's stack (backend aws)")
    .option(
      '--approval <policy>',
      'auto or manual (default: the environment file)',
      choice('--approval', ['auto', 'manual'] as const),
    )
    .option('--instance-type <type>', 'SageMaker training instance type (backend aws)')
    .addOption(databaseUrlOption())
    .action(async (o: TrainFlags) => {
      const env = await resolveEnvironment(cli.environmentsDir, o.team);
      const commit = await currentCommit();
      const runId = `cli-${Date.now()}`;
      let wh: Warehouse;
      let backend: TrainingBackend;
      const release: (() => void)[] = [];
      if (o.backend === 'local') {
        const local = await openLocalTeam(env.team, o.databaseUrl);
        wh = local.wh;
        backend = localBackend(env, local.paths.models);
      } else {
        if (o.stackOutputs === undefined) {
          throw new InvalidArgumentError('--backend aws needs --stack-outputs <file>');
        }
        const file = resolve(o.stackOutputs);
        const stack = readStackOutputs(await readFile(file, 'utf8'), file);
        const sagemaker = new SageMakerClient({ region: stack.region });
        const s3 = new S3Client({ region: stack.region });
        const data = createRedshiftDataClient(stack.region);
        release.push(() => [sagemaker, s3, data].forEach((c) => c.destroy()));
        wh = new RedshiftDataWarehouse({ client: data, target: redshiftTarget(stack.warehouse) });
        backend = awsBackend(
          env,
          wh,
          { sagemaker, s3, stack },
          {
            commit,
            runId,
            log: cli.log,
            ...(o.instanceType === undefined ? {} : { instanceType: o.instanceType }),
          },
        );
      }
      try {
        const result = await trainModel(
          { wh, ...backend },
          {
            config: env.model,
            ...(o.k === undefined ? {} : { k: o.k }),
            approval: resolveApproval(
              env.model,
              o.approval === undefined ? {} : { policy: o.approval },
            ),
            commit,
            runId,
            log: cli.log,
          },
        );
        cli.out(
          JSON.stringify({
            version: result.version,
            status: result.status,
            active: result.activated,
            k: result.metrics.k,
            msd: result.metrics.msd,
            sizes: result.metrics.sizes,
            ref: result.ref,
            metrics: result.metricsUri,
          }),
        );
      } finally {
        await wh.close();
        for (const r of release) r();
      }
    });
}
