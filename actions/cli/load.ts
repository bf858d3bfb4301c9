import type { Command } from 'commander';
import { resolve } from 'node:path';
import { awsLoadTarget, loadAws } from '../lib/load/aws-loader.js';
import { loadLocal } from '../lib/load/local-loader.js';
import { formatRejected } from '../lib/load/report.js';
import { readMigrations } from '../lib/migrations/files.js';
import { migrate } from '../lib/migrations/runner.js';
import { deriveFeatures } from '../lib/workshop/refresh.js';
import {
  backendOption,
  cli,
  databaseUrlOption,
  openAwsTeam,
  openLocalTeam,
  stackOutputsOption,
} from './context.js';

interface LoadFlags {
  data: string;
  team?: string;
  backend: 'local' | 'aws';
  databaseUrl?: string;
  stackOutputs?: string;
}

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description('load the three Olist CSVs into customers, orders and payments (replacing them)')
    .requiredOption('--data <dir>', 'folder with the CSVs')
    .option('--team <id>', 'team id')
    .addOption(backendOption())
    .addOption(databaseUrlOption())
    .addOption(stackOutputsOption())
    .action(async (o: LoadFlags) => {
      const { env, wh, load, release } = await openForLoad(o);
      try {
        await migrate(wh, await readMigrations(cli.migrationsDir));
        const reports = await load(env.load.maxErrors);
        await deriveFeatures(wh, cli.refreshDir, env.asOf);
        for (const r of reports) {
          cli.out(`${r.table}\t${r.rowsIn} in\t${r.rowsLoaded} loaded\t${r.rowsRejected} rejected`);
          for (const row of r.rejected) cli.out(formatRejected(row));
        }
      } finally {
        await wh.close();
        release();
      }
    });
}

/** The warehouse and the loader for it: COPY from S3 on AWS, COPY from bytes locally. */
async function openForLoad(o: LoadFlags) {
  const dataDir = resolve(o.data);
  if (o.backend === 'aws') {
    const aws = await openAwsTeam(o.team, o.stackOutputs);
    const target = awsLoadTarget(aws.stack);
    return {
      ...aws,
      load: (maxErrors: number) => loadAws(aws.wh, aws.s3, target, dataDir, { maxErrors }),
    };
  }
  const local = await openLocalTeam(o.team, o.databaseUrl);
  return {
    ...local,
    load: (maxErrors: number) => loadLocal(local.wh, dataDir, { maxErrors }),
    release: (): void => undefined,
  };
}
