import { Option, type Command } from 'commander';
import { SAMPLE_KINDS, type SampleKind } from '../../contracts/environment/schema.js';
import { writeSample } from '../lib/sample-data/kinds.js';
import { cli } from './context.js';
import { ordersOption, outOption, seedOption } from './options.js';

export function registerSampleData(program: Command): void {
  program
    .command('sample-data')
    .description(
      'write a deterministic sample: Olist-shaped e-commerce CSVs, bank transactions or insurance premiums',
    )
    .usage('--out <dir> [options]')
    .addOption(outOption({ required: true }))
    .addOption(
      new Option('--kind <kind>', 'what the sample holds').choices(SAMPLE_KINDS).default('olist'),
    )
    .addOption(ordersOption())
    .addOption(seedOption())
    .addHelpText(
      'after',
      `
--orders is the number of orders for olist and of rows (about) for banking and insurance.

Examples:
  $ workshop sample-data --out data/sample
  $ workshop sample-data --out olist-10k --orders 10000 --seed 7
  $ workshop sample-data --kind banking --out data/banking   # map it as examples/environments/demo-bank.yaml`,
    )
    .action(async (o: { out: string; kind: SampleKind; orders: number; seed: number }) => {
      const written = await writeSample(o.kind, o.out, { size: o.orders, seed: o.seed });
      for (const f of written.files) cli.out(`${f.path}\t${f.rows} rows\t${f.bytes} bytes`);
    });
}
