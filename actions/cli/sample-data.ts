import type { Command } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_ORDERS, DEFAULT_SEED, writeSampleData } from '../lib/sample-data/generate.js';
import { cli, positiveInt } from './context.js';

export function registerSampleData(program: Command): void {
  program
    .command('sample-data')
    .description('write deterministic Olist-shaped CSVs (customers, orders, payments)')
    .requiredOption('--out <dir>', 'folder to write the three files into')
    .option('--orders <n>', 'number of orders', positiveInt('--orders'), DEFAULT_ORDERS)
    .option('--seed <s>', 'random seed', positiveInt('--seed'), DEFAULT_SEED)
    .action(async (o: { out: string; orders: number; seed: number }) => {
      for (const f of await writeSampleData(resolve(o.out), { orders: o.orders, seed: o.seed })) {
        cli.out(`${f.path}\t${f.rows} rows\t${f.bytes} bytes`);
      }
    });
}
