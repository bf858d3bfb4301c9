/** The migrate-redshift action's shell: inputs → the team's backend → `runMigrateRedshift`. */
import { resolve } from 'node:path';
import { z } from 'zod';
import { workspace } from '../shared/backend.js';
import { backendActionShell } from '../shared/entrypoint.js';
import { backendInputs, booleanInput, folderInput, wholeNumberInput } from '../shared/inputs.js';
import { runMigrateRedshift } from './run.js';

/** The action's inputs exactly as `action.yml` declares them. */
const inputSchema = z.object({
  ...backendInputs,
  'sql-dir': folderInput,
  'dry-run': booleanInput,
  'statement-timeout-minutes': wholeNumberInput(1, 1440),
});

export const { parseInputs, main } = backendActionShell(
  'migrate-redshift',
  inputSchema,
  (backend, inputs, log) =>
    runMigrateRedshift(backend, {
      dirs: { migrations: resolve(workspace(), inputs['sql-dir']) },
      dryRun: inputs['dry-run'],
      log,
    }),
  (inputs) => ({ statementTimeoutMs: inputs['statement-timeout-minutes'] * 60_000 }),
);
