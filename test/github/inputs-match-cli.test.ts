/**
 * Each pipeline action is a shell over the command a user runs locally: an input that means what
 * a flag of that command means has the flag's name and default, and every other input says why
 * the command has no such flag.
 */
import { describe, expect, test } from '@jest/globals';
import type { Command, Option } from 'commander';
import { createProgram } from '../../actions/cli/program.js';
import { declaredInputs } from '../support/github-files.js';

/** Inputs with no flag of the same meaning, and why. */
const ACTION_ONLY: Record<string, string> = {
  'environments-dir': 'the CLI finds environments/ from the repository root it stands in',
  'sql-dir': 'the CLI runs the repository’s sql/migrations',
  'statement-timeout-minutes': 'a deploy bounds each migration; a local run is interrupted by hand',
  'timeout-minutes': 'a deploy bounds each wait; a local run is interrupted by hand',
  'aws-account-id': 'read from the workflow’s credentials when empty',
  'identity-region': 'read from the workflow’s credentials when empty',
  'group-namespace': 'QuickSight settings of the account the workflow deploys into',
  'redshift-host': 'QuickSight settings of the account the workflow deploys into',
  'redshift-port': 'QuickSight settings of the account the workflow deploys into',
  'run-id': 'the workflow run, so a re-run ingests under a new id',
};

const COMMAND_OF_ACTION = {
  'actions/migrate-redshift': 'migrate',
  'actions/train-kmeans': 'train',
  'actions/publish-quicksight': 'publish',
} as const;

/** Flags an action leaves out by design. */
const NOT_INPUTS: Record<string, Record<string, string>> = {
  'actions/migrate-redshift': {
    check:
      'the action applies; the drift workflow compares as the read-only drift role (gitops migration-drift)',
    json: 'goes with --check',
  },
  'actions/publish-quicksight': {
    backend: 'the action publishes to QuickSight only; the local page is `workshop publish`',
    'database-url': 'the action publishes to QuickSight only',
    out: 'the local page only',
    screenshot: 'the local page only',
  },
};

const program = createProgram({ writeOut: () => undefined, writeErr: () => undefined });
const command = (name: string): Command => {
  const found = program.commands.find((c) => c.name() === name);
  if (found === undefined) throw new Error(`workshop has no command ${name}`);
  return found;
};

/** The option spelt `--<name>` or `--no-<name>`, by the input's name. */
const flagFor = (cmd: Command, input: string): Option | undefined =>
  cmd.options.find((o) => o.long === `--${input}` || o.long === `--no-${input}`);

/** The default as an action input writes it: a string, empty when there is none. */
const asInput = (option: Option): string => {
  if (option.negate) return 'true';
  if (option.isBoolean()) return 'false';
  const value: unknown = option.defaultValue;
  return value === undefined ? '' : String(value);
};

describe.each(Object.entries(COMMAND_OF_ACTION))('%s and `workshop %s`', (action, name) => {
  const inputs = declaredInputs(action);
  const cmd = command(name);

  test.each([...inputs.keys()])('input %s is a flag of the command, or says why not', (input) => {
    const flag = flagFor(cmd, input);
    if (flag === undefined) {
      expect(ACTION_ONLY[input]).toBeDefined();
      return;
    }
    const declared = inputs.get(input)?.default ?? '';
    expect({ input, default: declared }).toEqual({ input, default: asInput(flag) });
  });

  test('every flag of the command is an input of the same name, or left out for a reason', () => {
    const missing = cmd.options
      .map((o) => (o.long ?? '').replace(/^--(no-)?/, ''))
      .filter((f) => !inputs.has(f) && NOT_INPUTS[action]?.[f] === undefined);
    expect(missing).toEqual([]);
  });
});

test('lifetime-value: the action fits by default, as the CLI does without --no-lifetime-value', () => {
  const flag = flagFor(command('train'), 'lifetime-value');
  expect(flag?.long).toBe('--no-lifetime-value');
  expect(declaredInputs('actions/train-kmeans').get('lifetime-value')?.default).toBe('true');
});
