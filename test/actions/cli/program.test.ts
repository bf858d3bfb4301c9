/** The `workshop` program parsed in-process: flags, errors and help, without running a command. */
import { describe, expect, test } from '@jest/globals';
import { CommanderError, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProgram } from '../../../actions/cli/program.js';
import { REPO_ROOT } from '../../support/warehouse.js';

const everyCommand = (c: Command): Command[] => [c, ...c.commands.flatMap(everyCommand)];
const pathOf = (c: Command): string =>
  c.parent === null ? '' : `${pathOf(c.parent)} ${c.name()}`.trim();

function program(): { root: Command; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const root = createProgram({ writeOut: (t) => out.push(t), writeErr: (t) => err.push(t) });
  for (const c of everyCommand(root)) {
    c.exitOverride();
    // A test must never run a pipeline: any action reached is a failure.
    if (c.commands.length === 0 && c !== root) {
      c.action(() => {
        throw new Error(`${pathOf(c)} ran, but the arguments should have been refused`);
      });
    }
  }
  return { root, out, err };
}

/** What the program printed to stdout and stderr for `args`, and the exit code it asked for. */
async function parse(args: readonly string[]) {
  const p = program();
  let exitCode: number | undefined;
  try {
    await p.root.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    exitCode = e.exitCode;
  }
  return { exitCode, out: p.out.join(''), err: p.err.join('') };
}

const helpOf = (root: Command, path: string): string => {
  const command = everyCommand(root).find((c) => pathOf(c) === path);
  if (command === undefined) throw new Error(`no command ${path}`);
  let text = '';
  command.configureOutput({ writeOut: (t) => (text += t) });
  command.outputHelp();
  return text;
};

const OWN_COMMANDS = [
  'run',
  'sample-data',
  'migrate',
  'load',
  'train',
  'model inspect',
  'publish',
  'validate',
];

test('--version prints the version in package.json', async () => {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  const result = await parse(['--version']);
  expect(result.exitCode).toBe(0);
  expect(result.out).toBe(`${version}\n`);
});

describe('an argument error', () => {
  test('prints one line and where the usage is, not the whole help', async () => {
    const result = await parse(['load']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toBe(
      "error: required option '--data <path>', '--sample', '--from-s3' or '--configured' not specified\nsee `workshop load --help`\n",
    );
  });

  test('in a nested command points at that command', async () => {
    const result = await parse(['model', 'inspect']);
    expect(result.err).toBe(
      "error: missing required argument 'file'\nsee `workshop model inspect --help`\n",
    );
  });

  test('for an unknown command suggests the nearest one', async () => {
    const result = await parse(['rnu']);
    expect(result.err).toContain('(Did you mean run?)');
    expect(result.err).toContain('see `workshop --help`');
    expect(result.err).not.toContain('Usage:');
  });

  test('--backend aws without --stack-outputs is refused before anything runs', async () => {
    const result = await parse(['train', '--backend', 'aws']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('--backend aws needs --stack-outputs <file>');
    expect(result.err).toContain('see `workshop train --help`');
  });
});

describe('--orders', () => {
  test.each(['1e12', '1e3', '1.5', '0x10', '-5', '+5', ' 7', ''])(
    '%p is refused with the flag named',
    async (value) => {
      const result = await parse(['sample-data', '--out', 'x', '--orders', value]);
      expect(result.exitCode).toBe(1);
      expect(result.err).toContain(
        `error: option '--orders <n>' argument '${value}' is invalid. Write a whole number from 1 to 10,000,000 in digits (no exponent, fraction or sign).`,
      );
    },
  );

  test.each(['0', '10000001', '1000000000000'])(
    '%s is out of bounds, and the message says why',
    async (value) => {
      const result = await parse(['run', '--orders', value]);
      expect(result.err).toContain(
        `argument '${value}' is invalid. Expected a whole number from 1 to 10,000,000: the generator plans every order in memory`,
      );
    },
  );

  test('with --data is refused, not ignored', async () => {
    const result = await parse(['run', '--data', 'somewhere', '--orders', '500']);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContain(
      "error: option '--orders <n>' cannot be used with option '--data <path>'",
    );
  });
});

describe('--help', () => {
  test.each([['sample-data', '--out <dir>']])('%s marks %s as required', (command, flag) => {
    const help = helpOf(program().root, command);
    const line = help.slice(help.indexOf(`  ${flag}`));
    expect(line.slice(0, line.indexOf('\n  -'))).toContain('(required)');
    expect(help).toContain(`Usage: workshop ${command} ${flag} [options]`);
  });

  test('load says it needs --data, --sample, --from-s3 or --configured', () => {
    const help = helpOf(program().root, 'load');
    expect(help).toContain(
      'Usage: workshop load --data <path> | --sample | --from-s3 | --configured [options]',
    );
    expect(help.replace(/\s+/g, ' ')).toContain(
      '(default: required unless --sample, --from-s3 or --configured)',
    );
  });

  test.each(OWN_COMMANDS)('workshop %s --help has examples', (command) => {
    const help = helpOf(program().root, command);
    expect(help).toMatch(new RegExp(`\\nExamples:\\n  \\$ workshop ${command}\\b`));
  });

  test('defaults are written one way everywhere: (… default: X), never quoted', () => {
    const root = program().root;
    const helps = everyCommand(root).map((c) => helpOf(root, pathOf(c)));
    const all = helps.join('\n').replace(/\s+/g, ' ');
    expect(all).toContain('default: local');
    expect(all).not.toMatch(/\(default [^:]/);
    expect(all).not.toMatch(/default: "/);
  });
});

test('a shared option has one description in every command that takes it', () => {
  const root = program().root;
  const described = new Map<string, Set<string>>();
  for (const command of everyCommand(root)) {
    if (!OWN_COMMANDS.includes(pathOf(command))) continue;
    for (const option of command.options) {
      const set = described.get(option.flags) ?? new Set<string>();
      set.add(option.description);
      described.set(option.flags, set);
    }
  }
  for (const flag of [
    '--team <id>',
    '--backend <backend>',
    '--stack-outputs <file>',
    '--database-url <url>',
    '--k <k>',
    '--approval <policy>',
    '--out <dir>',
    '--data <path>',
    '--orders <n>',
    '--screenshot',
  ]) {
    expect([flag, [...(described.get(flag) ?? [])]]).toEqual([flag, [expect.any(String)]]);
  }
});
