/**
 * The files through which a workflow step hands results to the runner: `GITHUB_OUTPUT` (step
 * outputs) and `GITHUB_STEP_SUMMARY` (the job summary). Outside GitHub Actions, where neither is
 * set, outputs and summaries go to the given fallback instead.
 */
import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';

/** Step outputs by name; values are strings, as the runner stores them. */
export type StepOutputs = Readonly<Record<string, string>>;

const OUTPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * The `GITHUB_OUTPUT` text for `outputs`: `name<<DELIMITER` heredocs, so values may hold newlines.
 * The delimiter is random and checked against each value, as `@actions/core` does.
 */
export function formatStepOutputs(
  outputs: StepOutputs,
  delimiter: () => string = () => `ghadelimiter_${randomUUID()}`,
): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      if (!OUTPUT_NAME.test(name)) {
        throw new Error(
          `step output name "${name}" is not valid: use letters, digits, "-" and "_", starting with a letter or "_"`,
        );
      }
      const marker = delimiter();
      if (name.includes(marker) || value.includes(marker)) {
        throw new Error(`step output "${name}" contains its delimiter ${marker}; choose another`);
      }
      return `${name}<<${marker}\n${value}\n${marker}\n`;
    })
    .join('');
}

/** Where the runner files are; `process.env` in the CLI, a plain object in tests. */
export type RunnerEnv = Readonly<Record<string, string | undefined>>;

/**
 * A writer that appends `fileText(value)` to the runner file named by `variable`, or hands
 * `fallbackText(value)` to `fallback` when the variable is unset (outside GitHub Actions).
 */
function runnerFileWriter<T>(
  variable: 'GITHUB_OUTPUT' | 'GITHUB_STEP_SUMMARY',
  fileText: (value: T) => string,
  fallbackText: (value: T) => string,
) {
  return async (value: T, env: RunnerEnv, fallback: (text: string) => void): Promise<void> => {
    const file = env[variable];
    if (file === undefined || file === '') {
      fallback(fallbackText(value));
      return;
    }
    await appendFile(file, fileText(value), 'utf8');
  };
}

/** Appends outputs to `GITHUB_OUTPUT`, or hands them to `fallback` (as JSON) when it is unset. */
export const writeStepOutputs = runnerFileWriter<StepOutputs>(
  'GITHUB_OUTPUT',
  (outputs) => formatStepOutputs(outputs),
  (outputs) => JSON.stringify(outputs, null, 2),
);

/** Appends Markdown to `GITHUB_STEP_SUMMARY`, or hands it to `fallback` when it is unset. */
export const writeJobSummary = runnerFileWriter<string>(
  'GITHUB_STEP_SUMMARY',
  (markdown) => (markdown.endsWith('\n') ? markdown : `${markdown}\n`),
  (markdown) => markdown,
);

/**
 * Fails, naming every missing one, unless each of `names` is set to a non-empty value. Workflows
 * pass repository variables through the environment; an unset one would otherwise turn into an
 * empty string somewhere it does damage (an empty state bucket means a local, empty state).
 */
export function requireVariables(env: RunnerEnv, names: readonly string[]): void {
  const missing = names.filter((n) => (env[n] ?? '').trim() === '');
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set: add ${missing.length === 1 ? 'it' : 'them'} under Settings → Secrets and variables → Actions → Variables (see README, GitOps)`,
    );
  }
}
