import type { Command } from 'commander';
import { loadEnvironments } from '../../contracts/environment/load.js';
import { cli } from './context.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('validate every environments/*.yaml file')
    .action(async () => {
      for (const e of await loadEnvironments(cli.environmentsDir)) {
        cli.out(`ok\t${e.team}\t${e.region}\t${e.warehouse.type}`);
      }
    });
}
