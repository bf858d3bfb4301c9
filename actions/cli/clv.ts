import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runClv } from '../lib/clv/model.js';
import { readPurchaseHistory, withHoldout } from '../lib/clv/purchase-history.js';
import { loadStep, migrateStep } from '../lib/pipeline/steps.js';
import { cli, withBackend, type BackendFlags } from './context.js';
import { dataOption, databaseUrlOption, envFileOption, outOption, teamOption } from './options.js';

const fixed = (x: number, digits = 1): string => x.toFixed(digits);

/** `workshop clv validate`: fit on the window before the as-of date, compare with what followed. */
export function registerClv(program: Command): void {
  const clv = program.command('clv').description('customer lifetime value (BG/NBD, Gamma-Gamma)');
  clv
    .command('validate')
    .description(
      'load the data, fit on the purchases before the as-of date, and compare predicted with actual repeat purchases up to --holdout-end',
    )
    .addOption(teamOption())
    .addOption(envFileOption())
    .addOption(dataOption({ required: true }))
    .requiredOption('--holdout-end <date>', 'first day after the holdout period (YYYY-MM-DD)')
    .option('--as-of <date>', "first day after the fit's window (default: the environment's asOf)")
    .addOption(outOption({ defaultText: 'out/<team> in the repository' }))
    .addOption(databaseUrlOption())
    .addHelpText(
      'after',
      `
Examples:
  $ workshop clv validate --data ~/Downloads/olist --as-of 2018-03-01 --holdout-end 2018-09-01
  $ workshop clv validate --env-file examples/environments/cdnow.yaml \\
      --data test/fixtures/cdnow/cdnow_transactions.csv --holdout-end 1998-07-01   # weeks 40-78`,
    )
    .action(
      async (
        o: BackendFlags & { data: string; holdoutEnd: string; asOf?: string; out?: string },
      ) => {
        const { result, team } = await withBackend(o, async (backend) => {
          const env = { ...backend.env, ...(o.asOf === undefined ? {} : { asOf: o.asOf }) };
          const at = { ...backend, env };
          await migrateStep(at, cli.sql);
          await loadStep(at, cli.sql, o.data);
          const summary = await withHoldout(
            backend.wh,
            await readPurchaseHistory(backend.wh),
            o.holdoutEnd,
          );
          return { result: runClv(summary, env.clv).result, team: env.team };
        });
        const holdout = result.holdout!;
        cli.out(
          `holdout: ${fixed(holdout.holdoutWeeks)} weeks after ${result.windowEnd}, ${holdout.customers} customers`,
        );
        cli.out('repeat purchases in the window\tcustomers\tactual\tpredicted');
        for (const row of holdout.byFrequency)
          cli.out(
            `${row.frequency}\t${row.customers}\t${fixed(row.actual)}\t${fixed(row.predicted)}`,
          );
        cli.out(
          `total\t${holdout.customers}\t${fixed(holdout.actual)}\t${fixed(holdout.predicted)}`,
        );
        for (const warning of result.warnings) cli.log(`warning: ${warning}`);
        const outDir = o.out ?? join(cli.root, 'out', team);
        await mkdir(outDir, { recursive: true });
        const file = join(outDir, 'clv-validation.json');
        await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
        cli.log(`wrote ${file}`);
      },
    );
}
