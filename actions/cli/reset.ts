import type { Command } from 'commander';
import { resetTeam } from '../lib/pipeline/reset.js';
import { cli, teamEnvironment } from './context.js';
import { teamOption } from './options.js';

/** `workshop reset`: a new local database for the team; its models stay. */
export function registerReset(program: Command): void {
  program
    .command('reset')
    .description(
      "delete the team's local database (e.g. when it cannot be opened); the registered models stay",
    )
    .addOption(teamOption())
    .addHelpText(
      'after',
      `
Examples:
  $ workshop reset --team retail-bank && workshop run --team retail-bank`,
    )
    .action(async (o: { team?: string }) => {
      const env = await teamEnvironment(o.team);
      for (const removed of await resetTeam(cli.root, env.team)) cli.log(`removed ${removed}`);
      cli.out(`team ${env.team}: the next run starts a new database; models kept`);
    });
}
