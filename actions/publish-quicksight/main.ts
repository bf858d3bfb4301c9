/** The publish-quicksight action's shell: inputs → the team's backend → `runPublishQuickSight`. */
import * as core from '@actions/core';
import { z } from 'zod';
import { runBackendAction } from '../shared/entrypoint.js';
import {
  booleanInput,
  folderInput,
  optional,
  parseInputs as parse,
  teamInput,
  wholeNumberInput,
} from '../shared/inputs.js';
import { runPublishQuickSight } from './run.js';

/** The action's inputs exactly as `action.yml` declares them. */
const inputSchema = z.object({
  team: teamInput,
  'environments-dir': folderInput,
  'stack-outputs': z.string().min(1, {
    error: "required: a file with the team stack's `terraform output -json`",
  }),
  'model-version': optional(wholeNumberInput(1, 2 ** 31 - 1)),
  refresh: z.enum(['auto', 'always', 'never'], { error: 'expected auto, always or never' }),
  wait: booleanInput,
  'timeout-minutes': wholeNumberInput(1, 360),
  'aws-account-id': optional(
    z.string().regex(/^\d{12}$/, { error: 'expected a 12-digit account id' }),
  ),
  'identity-region': optional(
    z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: 'expected an AWS region such as us-east-1' }),
  ),
  'group-namespace': z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,64}$/, { error: 'expected a QuickSight namespace' }),
  'redshift-host': optional(z.string().min(1)),
  'redshift-port': optional(wholeNumberInput(1, 65535)),
  'run-id': optional(
    z.string().regex(/^[\w-]{1,64}$/, { error: 'expected letters, digits, - and _' }),
  ),
});

export type ParsedInputs = z.output<typeof inputSchema>;

/** Reads and validates every input; the error names each bad input and what it expects. */
export const parseInputs = (getInput: (name: string) => string): ParsedInputs =>
  parse(inputSchema, getInput);

const defined = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The action's entry point: QuickSight only, so always the aws backend. */
export const main = (): Promise<void> =>
  runBackendAction(
    'publish-quicksight',
    () => ({ ...parseInputs((name) => core.getInput(name)), backend: 'aws' as const }),
    async (backend, i, log) => {
      const { outputs, summary } = await runPublishQuickSight(backend, {
        refresh: i.refresh,
        waitForIngestions: i.wait,
        timeoutMs: i['timeout-minutes'] * 60_000,
        log,
        ...defined({ modelVersion: i['model-version'], runId: i['run-id'] }),
      });
      return { outputs, summary };
    },
    (i) => ({
      quickSight: defined({
        accountId: i['aws-account-id'],
        identityRegion: i['identity-region'],
        namespace: i['group-namespace'],
        redshiftHost: i['redshift-host'],
        redshiftPort: i['redshift-port'],
      }),
    }),
  );
