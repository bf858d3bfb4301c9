import type { Command } from 'commander';
import { loadEnvironments } from '../../contracts/environment/load.js';
import { cli, environmentsDirShown } from './context.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('validate every environments/*.yaml file')
    .addHelpText(
      'after',
      `
Examples:
  $ workshop validate
  $ workshop validate && git commit environments/`,
    )
    .action(async () => {
      for (const e of await loadEnvironments(environmentsDirShown())) {
        cli.out(`ok\t${e.team}\t${e.region}\t${e.warehouse.type}`);
      }
    });
}
