import type { Command } from 'commander';
import { writeSampleData } from '../lib/sample-data/generate.js';
import { cli } from './context.js';
import { ordersOption, outOption, seedOption } from './options.js';

export function registerSampleData(program: Command): void {
  program
    .command('sample-data')
    .description('write deterministic Olist-shaped CSVs (customers, orders, payments)')
    .usage('--out <dir> [options]')
    .addOption(outOption({ required: true }))
    .addOption(ordersOption())
    .addOption(seedOption())
    .addHelpText(
      'after',
      `
Examples:
  $ workshop sample-data --out data/sample
  $ workshop sample-data --out olist-10k --orders 10000 --seed 7`,
    )
    .action(async (o: { out: string; orders: number; seed: number }) => {
      for (const f of await writeSampleData(o.out, { orders: o.orders, seed: o.seed })) {
        cli.out(`${f.path}\t${f.rows} rows\t${f.bytes} bytes`);
      }
    });
}
