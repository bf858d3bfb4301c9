/** The migrate-redshift action's shell: inputs → the team's backend → `runMigrateRedshift`. */
import * as core from '@actions/core';
import { resolve } from 'node:path';
import { z } from 'zod';
import { workspace } from '../shared/backend.js';
import { runBackendAction } from '../shared/entrypoint.js';
import {
  backendInputProblem,
  backendInputs,
  booleanInput,
  folderInput,
  parseInputs as parse,
  wholeNumberInput,
} from '../shared/inputs.js';
import { runMigrateRedshift } from './run.js';

/** The action's inputs exactly as `action.yml` declares them. */
const inputSchema = z.object({
  ...backendInputs,
  'sql-dir': folderInput,
  'dry-run': booleanInput,
  'statement-timeout-minutes': wholeNumberInput(1, 1440),
});

export type ParsedInputs = z.output<typeof inputSchema>;

/** Reads and validates every input; the error names each bad input and what it expects. */
export const parseInputs = (getInput: (name: string) => string): ParsedInputs =>
  parse(inputSchema, getInput, backendInputProblem);

/** The action's entry point. */
export const main = (): Promise<void> =>
  runBackendAction(
    'migrate-redshift',
    () => parseInputs((name) => core.getInput(name)),
    (backend, inputs, log) =>
      runMigrateRedshift(backend, {
        dirs: { migrations: resolve(workspace(), inputs['sql-dir']) },
        dryRun: inputs['dry-run'],
        log,
      }),
    (inputs) => ({ statementTimeoutMs: inputs['statement-timeout-minutes'] * 60_000 }),
  );
