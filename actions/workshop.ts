#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';
import { loadEnvironments } from './lib/config/load.js';
import { PgliteWarehouse } from './lib/warehouse/pglite.js';
import { readMigrations } from './lib/migrations/files.js';
import { migrate } from './lib/migrations/runner.js';
import { loadLocal } from './lib/load/local-loader.js';
import { formatRejected } from './lib/load/report.js';
import { writeSampleData } from './lib/sample-data/generate.js';
import { LocalModelRegistry } from './lib/segmentation/registry.js';
import { trainLocal } from './lib/segmentation/train-local.js';
import { resolveEnvironment } from './lib/workshop/environment.js';
import { localPaths } from './lib/workshop/paths.js';
import { DEFAULT_SAMPLE_ORDERS, runWorkshop } from './lib/workshop/run.js';
import { formatSummary } from './lib/workshop/summary.js';
import { applyRunSettings } from './lib/workshop/settings.js';

const root = process.cwd();
const environmentsDir = resolve(root, 'environments');
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const positiveInt =
  (name: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${name} must be a whole number ≥ 1, got "${value}"`);
    return n;
  };
const kOption = (value: string): number | 'auto' => {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2 || n > 50)
    throw new InvalidArgumentError(
      `--k must be auto or a whole number from 2 to 50, got "${value}"`,
    );
  return n;
};

async function openTeam(team: string | undefined) {
  const env = await resolveEnvironment(environmentsDir, team);
  const paths = localPaths(root, env.team);
  return { env, paths, wh: await PgliteWarehouse.open(paths.database) };
}

const program = new Command()
  .name('workshop')
  .description(
    'RFM customer segmentation: load, migrate, train, score and publish, locally or on AWS',
  )
  .showHelpAfterError();

program
  .command('run')
  .description(
    'the whole pipeline on the local backend: migrate, load, checks, train, score, dashboard',
  )
  .option('--team <id>', 'team (environments/<id>.yaml); optional when there is one team')
  .option('--data <dir>', 'folder with the three Olist CSVs (default: generated sample data)')
  .option('--out <dir>', 'output folder (default: out/<team>)')
  .option('--k <k>', 'number of clusters or auto (default: the environment file)', kOption)
  .option(
    '--orders <n>',
    `orders in the generated sample (default ${DEFAULT_SAMPLE_ORDERS})`,
    positiveInt('--orders'),
  )
  .action(
    async (o: {
      team?: string;
      data?: string;
      out?: string;
      k?: number | 'auto';
      orders?: number;
    }) => {
      const env = await resolveEnvironment(environmentsDir, o.team);
      const result = await runWorkshop({
        root,
        env,
        log,
        ...(o.data === undefined ? {} : { dataDir: resolve(o.data) }),
        ...(o.out === undefined ? {} : { outDir: resolve(o.out) }),
        ...(o.k === undefined ? {} : { k: o.k }),
        ...(o.orders === undefined ? {} : { sampleOrders: o.orders }),
      });
      process.stdout.write(`${formatSummary(result)}\n`);
    },
  );

program
  .command('sample-data')
  .description('write deterministic Olist-shaped CSVs (customers, orders, payments)')
  .requiredOption('--out <dir>', 'folder to write the three files into')
  .option('--orders <n>', 'number of orders', positiveInt('--orders'), DEFAULT_SAMPLE_ORDERS)
  .option('--seed <s>', 'random seed', positiveInt('--seed'), 42)
  .action(async (o: { out: string; orders: number; seed: number }) => {
    for (const f of await writeSampleData(resolve(o.out), { orders: o.orders, seed: o.seed })) {
      process.stdout.write(`${f.path}\t${f.rows} rows\t${f.bytes} bytes\n`);
    }
  });

program
  .command('migrate')
  .description('apply sql/migrations to the team warehouse (local PGlite)')
  .option('--team <id>', 'team id')
  .option('--dry-run', 'list pending files without running them')
  .action(async (o: { team?: string; dryRun?: boolean }) => {
    const { wh } = await openTeam(o.team);
    try {
      const files = await readMigrations(resolve(root, 'sql', 'migrations'));
      const outcome = await migrate(wh, files, { dryRun: o.dryRun === true });
      for (const a of outcome.applied)
        process.stdout.write(
          `${o.dryRun ? 'pending' : 'applied'}\t${a.file.name}\t${a.file.checksum.slice(0, 12)}\n`,
        );
      process.stdout.write(
        `${outcome.applied.length} ${o.dryRun ? 'pending' : 'applied'}, ${outcome.skipped.length} unchanged\n`,
      );
    } finally {
      await wh.close();
    }
  });

program
  .command('load')
  .description('load the three Olist CSVs into customers, orders and payments (replacing them)')
  .requiredOption('--data <dir>', 'folder with the CSVs')
  .option('--team <id>', 'team id')
  .action(async (o: { data: string; team?: string }) => {
    const { env, wh } = await openTeam(o.team);
    try {
      await migrate(wh, await readMigrations(resolve(root, 'sql', 'migrations')));
      const reports = await loadLocal(wh, resolve(o.data), { maxErrors: env.load.maxErrors });
      await applyRunSettings(wh, env.asOf);
      for (const r of reports) {
        process.stdout.write(
          `${r.table}\t${r.rowsIn} in\t${r.rowsLoaded} loaded\t${r.rowsRejected} rejected\n`,
        );
        for (const row of r.rejected) process.stdout.write(`${formatRejected(row)}\n`);
      }
    } finally {
      await wh.close();
    }
  });

program
  .command('train')
  .description('train a KMeans model on the loaded data and make it the active version')
  .option('--team <id>', 'team id')
  .option('--k <k>', 'number of clusters or auto', kOption)
  .action(async (o: { team?: string; k?: number | 'auto' }) => {
    const { env, paths, wh } = await openTeam(o.team);
    try {
      const model = await trainLocal(
        wh,
        env.model,
        new LocalModelRegistry(paths.models),
        o.k === undefined ? {} : { k: o.k },
      );
      process.stdout.write(
        `${JSON.stringify({ version: model.version, k: model.k, msd: model.msd, sizes: model.sizes })}\n`,
      );
    } finally {
      await wh.close();
    }
  });

program
  .command('validate')
  .description('validate every environments/*.yaml file')
  .action(async () => {
    const envs = await loadEnvironments(environmentsDir);
    for (const e of envs) process.stdout.write(`ok\t${e.team}\t${e.region}\t${e.warehouse.type}\n`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`workshop: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
