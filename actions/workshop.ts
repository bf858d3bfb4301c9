#!/usr/bin/env node
import { Command } from 'commander';
import { InterruptedError } from './cli/context.js';
import { registerGitops } from './cli/gitops.js';
import { registerLoad } from './cli/load.js';
import { registerMigrate } from './cli/migrate.js';
import { registerModel } from './cli/model.js';
import { registerPublish } from './cli/publish.js';
import { registerRun } from './cli/run.js';
import { registerSampleData } from './cli/sample-data.js';
import { registerTrain } from './cli/train.js';
import { registerValidate } from './cli/validate.js';

const program = new Command()
  .name('workshop')
  .description(
    'RFM customer segmentation: load, migrate, train, score and publish, locally or on AWS',
  )
  .showHelpAfterError();

// One module per command; a new command is one more register call.
for (const register of [
  registerRun,
  registerSampleData,
  registerMigrate,
  registerLoad,
  registerTrain,
  registerModel,
  registerPublish,
  registerValidate,
  registerGitops,
]) {
  register(program);
}

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`workshop: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof InterruptedError ? 130 : 1;
});
