/**
 * The migrate-redshift action's shell: parse the inputs (one schema), open the warehouse, call
 * `runMigrateRedshift`, set the outputs and the job summary. Every failure ends in `core.setFailed`.
 */
import * as core from '@actions/core';
import { runAction } from '../shared/entrypoint.js';
import { resolve } from 'node:path';
import { z } from 'zod';
import { loadTeam } from '../../contracts/environment/load.js';
import type { Environment } from '../../contracts/environment/schema.js';
import { readStackOutputsFile } from '../../contracts/stack-outputs.js';
import { PgliteWarehouse } from '../lib/warehouse/pglite.js';
import { PostgresWarehouse } from '../lib/warehouse/postgres.js';
import { createRedshiftDataClient } from '../lib/warehouse/redshift-data-client.js';
import { RedshiftDataWarehouse, redshiftTarget } from '../lib/warehouse/redshift-data.js';
import type { Warehouse } from '../lib/warehouse/warehouse.js';
import { localPaths } from '../lib/workshop/paths.js';
import { runMigrateRedshift } from './run.js';

const TEAM_ERROR =
  'expected a team id: lowercase letters, digits and dashes, starting with a letter';
const BOOLEAN_ERROR = 'expected true or false';
const TIMEOUT_ERROR = 'expected a whole number of minutes from 1 to 1440';
const URL_ERROR = 'expected postgres://user:password@host:port/database, or empty for PGlite';
/** Inputs whose value never appears in a message. */
const SECRET_INPUTS = new Set(['database-url']);

/** An empty input means "not given". */
const blank = z.literal('').transform(() => undefined);

/** The action's inputs exactly as `action.yml` declares them. */
const inputSchema = z
  .object({
    team: z.string().regex(/^[a-z][a-z0-9-]{0,20}$/, { error: TEAM_ERROR }),
    backend: z.enum(['aws', 'local'], { error: 'expected aws or local' }),
    'sql-dir': z.string().min(1, { error: 'expected a folder' }),
    // The spellings YAML 1.2 reads as booleans, as core.getBooleanInput accepts.
    'dry-run': z
      .enum(['true', 'True', 'TRUE', 'false', 'False', 'FALSE'], { error: BOOLEAN_ERROR })
      .transform((v) => v.toLowerCase() === 'true'),
    'stack-outputs': z.union([blank, z.string()]),
    'database-url': z.union(
      [blank, z.string().regex(/^postgres(ql)?:\/\/\S+$/, { error: URL_ERROR })],
      {
        error: URL_ERROR,
      },
    ),
    'environments-dir': z.string().min(1, { error: 'expected a folder' }),
    'statement-timeout-minutes': z
      .string()
      .regex(/^\d+$/, { error: TIMEOUT_ERROR })
      .transform(Number)
      .pipe(z.int().min(1, { error: TIMEOUT_ERROR }).max(1440, { error: TIMEOUT_ERROR })),
  })
  .superRefine((v, ctx) => {
    if (v.backend === 'aws' && v['stack-outputs'] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['stack-outputs'],
        message:
          "required when backend is aws: the JSON file of `terraform output -json` for the team's stack",
      });
    }
    if (v.backend === 'aws' && v['database-url'] !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['database-url'],
        message: 'only for backend local; backend aws reaches Redshift through the Data API',
      });
    }
  });

export type ParsedInputs = z.output<typeof inputSchema>;
const INPUT_NAMES = Object.keys(inputSchema.shape) as (keyof ParsedInputs)[];

/** Reads and validates every input; the error names each bad input and what it expects. */
export function parseInputs(getInput: (name: string) => string): ParsedInputs {
  const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, getInput(name).trim()]));
  const result = inputSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new Error(
    result.error.issues
      .map((i) => {
        const name = String(i.path[0]);
        const value = SECRET_INPUTS.has(name) ? '***' : String(raw[name] ?? '');
        return `input "${name}" is "${value}": ${i.message}`;
      })
      .join('\n'),
  );
}

/** The warehouse of the chosen backend, and how to release it. */
async function openWarehouse(
  p: ParsedInputs,
  env: Environment,
  root: string,
  signal: AbortSignal,
): Promise<{ wh: Warehouse; close(): Promise<void> }> {
  if (p.backend === 'local') {
    const url = p['database-url'];
    const wh =
      url === undefined
        ? await PgliteWarehouse.open(localPaths(root, env.team).database)
        : await PostgresWarehouse.connect(url);
    return { wh, close: () => wh.close() };
  }
  const file = resolve(root, p['stack-outputs'] as string);
  const stack = await readStackOutputsFile(file);
  if (stack.warehouse.type !== env.warehouse.type) {
    throw new Error(
      `${file} describes a ${stack.warehouse.type} warehouse but environments/${env.team}.yaml a ${env.warehouse.type} one; apply the team stack, then export its outputs again`,
    );
  }
  const client = createRedshiftDataClient(stack.region);
  const wh = new RedshiftDataWarehouse({
    client,
    target: redshiftTarget(stack.warehouse),
    timeoutMs: p['statement-timeout-minutes'] * 60_000,
    signal,
  });
  return {
    wh,
    close: async () => {
      await wh.close();
      client.destroy();
    },
  };
}

/** The action's entry point. */
export async function main(): Promise<void> {
  await runAction(async (signal) => {
    const parsed = parseInputs((name) => core.getInput(name));
    if (parsed['database-url'] !== undefined) core.setSecret(parsed['database-url']);
    const root = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const env = await loadTeam(resolve(root, parsed['environments-dir']), parsed.team);
    const backend = await openWarehouse(parsed, env, root, signal);
    try {
      return await runMigrateRedshift(
        {
          team: parsed.team,
          backend: parsed.backend,
          sqlDir: resolve(root, parsed['sql-dir']),
          dryRun: parsed['dry-run'],
        },
        { env, wh: backend.wh, log: (line) => core.info(line) },
      );
    } finally {
      await backend.close();
    }
  });
}
