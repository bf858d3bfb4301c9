import type { Command } from 'commander';
import { join } from 'node:path';
import { writeClvValidation } from '../lib/clv/validation-file.js';
import { clvValidationStep } from '../lib/pipeline/steps.js';
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
        const { result, team } = await withBackend(o, async (backend) => ({
          result: await clvValidationStep(backend, cli.sql, {
            dataPath: o.data,
            holdoutEnd: o.holdoutEnd,
            ...(o.asOf === undefined ? {} : { asOf: o.asOf }),
          }),
          team: backend.env.team,
        }));
        const holdout = result.holdout;
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
        const file = await writeClvValidation(o.out ?? join(cli.root, 'out', team), result);
        cli.log(
          `wrote ${file}; the next workshop run with the same data, as-of date and out folder shows it in the page`,
        );
      },
    );
}
