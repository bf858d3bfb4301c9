/**
 * Action inputs arrive as strings (empty when not given). These field schemas turn them into
 * typed values with the same rules as the environment files (contracts/environment/schema.ts)
 * and the CLI's flags, and `parseInputs` names every bad input in one message.
 */
import { z } from 'zod';
import {
  approvalPolicy,
  instanceType,
  kValue,
  teamId,
  wholeNumber,
} from '../../contracts/environment/schema.js';

/**
 * `schema`, or undefined when the input is empty: an empty input means "not given", and the
 * environment file or the default decides.
 */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** The spellings YAML 1.2 reads as booleans, which is what `core.getBooleanInput` accepts. */
export const booleanInput = z
  .enum(['true', 'True', 'TRUE', 'false', 'False', 'FALSE'], { error: 'expected true or false' })
  .transform((v) => v.toLowerCase() === 'true');

/** A whole number written in decimal digits, in [lo, hi]. */
export const wholeNumberInput = (lo: number, hi: number) => {
  const error = `expected a whole number from ${lo} to ${hi}`;
  return z
    .string()
    .regex(/^\d+$/, { error })
    .transform(Number)
    .pipe(wholeNumber(lo, hi, error));
};

export const teamInput = teamId;
export const backendInput = z.enum(['local', 'aws'], { error: 'expected local or aws' });
export const kInput = optional(
  z
    .string()
    .transform((v) => (v === 'auto' ? v : /^\d+$/.test(v) ? Number(v) : v))
    .pipe(kValue),
);
export const approvalInput = optional(approvalPolicy);
export const instanceTypeInput = optional(instanceType);
export const folderInput = z.string().min(1, { error: 'expected a folder' });
export const databaseUrlInput = optional(
  z.string().regex(/^postgres(ql)?:\/\/\S+$/, {
    error: 'expected postgres://user:password@host:port/database, or empty for PGlite',
  }),
);

/**
 * The inputs that choose and reach a team's backend, named and defaulted like the CLI's
 * `--team`, `--backend`, `--stack-outputs` and `--database-url` (backend default local).
 */
export const backendInputs = {
  team: teamInput,
  backend: backendInput,
  'stack-outputs': optional(z.string()),
  'database-url': databaseUrlInput,
  'environments-dir': folderInput,
};

/** What the backend inputs need of each other, as the CLI's `openTeamBackend` checks it. */
export function backendInputProblem(v: {
  backend: 'local' | 'aws';
  'stack-outputs'?: string | undefined;
  'database-url'?: string | undefined;
}): { input: string; message: string } | undefined {
  if (v.backend === 'aws' && v['stack-outputs'] === undefined)
    return {
      input: 'stack-outputs',
      message:
        "required when backend is aws: the JSON file of `terraform output -json` for the team's stack",
    };
  if (v.backend === 'aws' && v['database-url'] !== undefined)
    return {
      input: 'database-url',
      message: 'only for backend local; backend aws reaches Redshift through the Data API',
    };
  return undefined;
}

/** Inputs whose value never appears in a message. */
const SECRET_INPUTS = new Set(['database-url']);

/**
 * Reads every input of `schema` through `getInput` and validates them together; the error names
 * each bad input, its value (secrets hidden) and what it expects.
 */
export function parseInputs<S extends z.ZodObject>(
  schema: S,
  getInput: (name: string) => string,
  refine?: (value: z.output<S>) => { input: string; message: string } | undefined,
): z.output<S> {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((n) => [n, getInput(n).trim()]));
  const shown = (name: string): string => (SECRET_INPUTS.has(name) ? '***' : (raw[name] ?? ''));
  const result = schema.safeParse(raw);
  const problem = result.success ? refine?.(result.data) : undefined;
  if (result.success && problem === undefined) return result.data;
  const issues = result.success
    ? [{ name: problem!.input, message: problem!.message }]
    : result.error.issues.map((i) => ({ name: String(i.path[0]), message: i.message }));
  throw new Error(
    issues.map((i) => `input "${i.name}" is "${shown(i.name)}": ${i.message}`).join('\n'),
  );
}
