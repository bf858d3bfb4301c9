import { Command, type Option } from 'commander';
import { registerGitops } from './gitops.js';
import { registerLoad } from './load.js';
import { registerMigrate } from './migrate.js';
import { registerClv } from './clv.js';
import { registerModel } from './model.js';
import { optionDetails } from './options.js';
import { registerPublish } from './publish.js';
import { cliVersion } from './root.js';
import { registerRun } from './run.js';
import { registerSampleData } from './sample-data.js';
import { registerTrain } from './train.js';
import { registerValidate } from './validate.js';
import { backendFlagsProblem, type BackendFlags } from './context.js';

/** Where the program writes; stderr text has passed through the password redaction. */
export interface ProgramOutput {
  readonly writeOut: (text: string) => void;
  readonly writeErr: (text: string) => void;
}

/** `workshop model inspect` for the `model inspect` command. */
const fullName = (command: Command): string =>
  command.parent === null ? command.name() : `${fullName(command.parent)} ${command.name()}`;

const everyCommand = (command: Command): Command[] => [
  command,
  ...command.commands.flatMap(everyCommand),
];

/**
 * The `workshop` program: one module per command, the shared options from options.ts. An argument
 * error prints one line and where the usage is, as git and npm do, rather than the whole help.
 */
export function createProgram(output: ProgramOutput): Command {
  const program = new Command()
    .name('workshop')
    .description(
      'RFM customer segmentation: load, migrate, train, score and publish, locally or on AWS',
    )
    .version(cliVersion(), '-V, --version', 'print the version')
    .configureOutput({ writeOut: output.writeOut, writeErr: output.writeErr })
    .configureHelp({
      optionDescription: (option: Option): string => {
        const details = optionDetails(option);
        return details.length === 0
          ? option.description
          : `${option.description} (${details.join('; ')})`;
      },
    })
    .addHelpText(
      'after',
      `
Paths you give (--data, --out, --stack-outputs) are relative to where you stand; the
repository (environments/, sql/) is found from there upwards.

Examples:
  $ workshop run
  $ workshop validate
  $ workshop run --help`,
    );

  // One module per command; a new command is one more register call.
  for (const register of [
    registerRun,
    registerSampleData,
    registerMigrate,
    registerLoad,
    registerTrain,
    registerModel,
    registerClv,
    registerPublish,
    registerValidate,
    registerGitops,
  ]) {
    register(program);
  }

  for (const command of everyCommand(program)) {
    command.showHelpAfterError(`see \`${fullName(command)} --help\``);
  }

  program.hook('preAction', (_program: Command, action: Command) => {
    const problem = backendFlagsProblem(action.opts<BackendFlags>());
    if (problem !== undefined) action.error(`error: ${problem}`);
  });
  return program;
}
