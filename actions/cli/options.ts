/**
 * The CLI's shared options: one factory per option, so a flag reads and parses the same in every
 * command. A factory takes only what differs between commands (whether the option is required,
 * what its default is); the description is fixed.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { approvalPolicy, kValue, teamId } from '../../contracts/environment/schema.js';
import { DEFAULT_ORDERS, DEFAULT_SEED } from '../lib/sample-data/generate.js';

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * A commander parser for a whole number written in decimal digits, from `lo` to `hi`. `1e6`,
 * `1.5`, `0x10` and `-1` are refused rather than read the way JavaScript's Number() would.
 * Commander prefixes the message with the flag and the value given.
 */
export const wholeNumberArg =
  (lo: number, hi: number, why?: string) =>
  (value: string): number => {
    const range =
      hi === Number.MAX_SAFE_INTEGER
        ? `of at least ${count(lo)}`
        : `from ${count(lo)} to ${count(hi)}`;
    if (!/^\d+$/.test(value)) {
      throw new InvalidArgumentError(
        `Write a whole number ${range} in digits (no exponent, fraction or sign).`,
      );
    }
    const n = Number(value);
    if (n < lo || n > hi) {
      throw new InvalidArgumentError(
        `Expected a whole number ${range}${why === undefined ? '' : `: ${why}`}.`,
      );
    }
    return n;
  };

/** A whole number ≥ 1 (kept for `gitops`, which names its flags itself). */
export const positiveInt = (_name: string) => wholeNumberArg(1, Number.MAX_SAFE_INTEGER);

/** A commander parser from a field schema of the environment file. */
const fromSchema =
  <T>(schema: z.ZodType<T>, read: (value: string) => unknown = (v) => v) =>
  (value: string): T => {
    const parsed = schema.safeParse(read(value));
    if (parsed.success) return parsed.data;
    const message = parsed.error.issues[0]?.message ?? 'is invalid';
    throw new InvalidArgumentError(`${message[0]?.toUpperCase() ?? ''}${message.slice(1)}.`);
  };

/** A path as the user wrote it, resolved against the folder they stand in. */
const userPath = (value: string): string => {
  if (value.trim() === '') throw new InvalidArgumentError('Expected a path, got nothing.');
  return resolve(process.cwd(), value);
};

/** The default shown in `--help` for an option whose default is decided later. */
const shownDefault = (option: Option, text: string): Option => option.default(undefined, text);

/** Parses a team id with the environment file's rule (an empty value is refused, not "all"). */
export const teamIdArg = fromSchema(teamId);

/** `--team`: environments/<id>.yaml; optional when there is exactly one team. */
export const teamOption = (): Option =>
  new Option('--team <id>', 'the team: environments/<id>.yaml')
    .argParser(teamIdArg)
    .default(undefined, 'the only team, when there is one');

/** `--env-file`: an environment file outside environments/ (the examples), instead of `--team`. */
export const envFileOption = (): Option =>
  new Option(
    '--env-file <file>',
    'an environment file outside environments/, e.g. examples/environments/demo-bank.yaml',
  )
    .argParser(userPath)
    .conflicts('team');

/** `--backend local|aws`. */
export const backendOption = (): Option =>
  new Option(
    '--backend <backend>',
    "local: the team's DuckDB file (or --database-url); aws: Redshift, SageMaker and QuickSight (needs --stack-outputs)",
  )
    .choices(['local', 'aws'])
    .default('local', 'local');

/** `--stack-outputs`: what `terraform output -json` printed for the team's stack. */
export const stackOutputsOption = (): Option =>
  new Option(
    '--stack-outputs <file>',
    "with --backend aws: the JSON of `terraform output -json` in the team's stack folder",
  ).argParser(userPath);

/** The value is never echoed: it holds a password. */
export const DATABASE_URL_ENV = 'WORKSHOP_DATABASE_URL';

/**
 * `--database-url`: a PostgreSQL server instead of the team's DuckDB file, as the second local
 * engine. Also read from WORKSHOP_DATABASE_URL, which keeps the password out of the
 * process list.
 */
export const databaseUrlOption = (): Option =>
  new Option(
    '--database-url <url>',
    "a PostgreSQL server instead of the team's DuckDB file: postgres://user:password@host:port/database",
  )
    .env(DATABASE_URL_ENV)
    .argParser((value: string) => {
      if (!/^postgres(ql)?:\/\/\S+$/.test(value)) {
        // Commander shows the value (redacted on its way out, see secrets.ts); never repeat it.
        throw new InvalidArgumentError('Expected postgres://user:password@host:port/database.');
      }
      return value;
    });

/** `--backend`, `--stack-outputs` and `--database-url`: how a command reaches the team's backend. */
export const addBackendOptions = (command: Command): Command =>
  command.addOption(backendOption()).addOption(stackOutputsOption()).addOption(databaseUrlOption());

/** `--k`: a fixed number of clusters or auto. */
export const kOption = (): Option =>
  new Option('--k <k>', 'number of clusters, 2 to 50, or auto (chosen by silhouette)')
    .argParser(fromSchema(kValue, (v) => (/^\d+$/.test(v) ? Number(v) : v)))
    .default(undefined, "the environment file's model.k");

/** `--approval`: when a newly trained model becomes the active version. */
export const approvalOption = (defaultText: string): Option =>
  shownDefault(
    new Option(
      '--approval <policy>',
      'approval of the new model version: auto (approved unless its msd is worse) or manual',
    )
      .choices(approvalPolicy.options)
      .argParser(fromSchema(approvalPolicy)),
    defaultText,
  );

/** `--out`: the folder a command writes into. */
export const outOption = (how: { required: true } | { defaultText: string }): Option => {
  const option = new Option('--out <dir>', 'folder to write into').argParser(userPath);
  return 'required' in how ? option.makeOptionMandatory() : shownDefault(option, how.defaultText);
};

/** `--data`: the team's files, as the environment's `source` reads them. */
export const dataOption = (how: { required: true } | { defaultText: string }): Option => {
  const option = new Option(
    '--data <path>',
    'source.format olist: the folder with the three Olist CSVs; transactions: a CSV file, or a folder of them',
  ).argParser(userPath);
  return 'required' in how ? option.makeOptionMandatory() : shownDefault(option, how.defaultText);
};

/**
 * The largest generated sample. The files stream to disk, but the generator plans every order in
 * memory first: 10 million orders took 4.4 GB (peak RSS) on the 24 GB benchmark machine.
 */
export const MAX_SAMPLE_ORDERS = 10_000_000;

/** `--orders`: the size of the generated sample. */
export const ordersOption = (): Option =>
  new Option('--orders <n>', 'orders in the generated sample')
    .argParser(
      wholeNumberArg(
        1,
        MAX_SAMPLE_ORDERS,
        'the generator plans every order in memory (about 4.4 GB at 10 million)',
      ),
    )
    .default(DEFAULT_ORDERS, `${count(DEFAULT_ORDERS)}, the size of the Olist dataset`);

/** `--seed`: the generator's random seed. */
export const seedOption = (): Option =>
  new Option('--seed <n>', 'random seed of the generated sample')
    .argParser(wholeNumberArg(0, 2 ** 31 - 1))
    .default(DEFAULT_SEED, String(DEFAULT_SEED));

/** `--screenshot`: a PNG of the dashboard as well. */
export const screenshotOption = (): Option =>
  new Option(
    '--screenshot',
    'also write dashboard.png beside dashboard.html (headless Chromium: scripts/ensure-chromium.sh)',
  );

/** What `--help` shows after an option's description: required, choices, default, env. */
export function optionDetails(option: Option): string[] {
  const details: string[] = [];
  if (option.mandatory) details.push('required');
  if (option.argChoices !== undefined) details.push(`one of: ${option.argChoices.join(', ')}`);
  const shown =
    option.defaultValueDescription ??
    (option.defaultValue === undefined || typeof option.defaultValue === 'boolean'
      ? undefined
      : String(option.defaultValue));
  if (shown !== undefined) details.push(`default: ${shown}`);
  if (option.envVar !== undefined) details.push(`or set ${option.envVar}`);
  return details;
}
