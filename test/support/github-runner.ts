import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './process.js';

/**
 * Parses a `GITHUB_OUTPUT` file as the runner does: `name=value` lines and `name<<DELIMITER`
 * heredocs. Later values of a name win.
 */
export function parseOutputFile(text: string): Record<string, string> {
  const lines = text.split('\n');
  const outputs: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc !== null) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: ${name} has no closing ${delimiter}`);
      outputs[name] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`GITHUB_OUTPUT: cannot read line ${i + 1}: ${line}`);
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

/** The environment variable the runner sets for input `name`: `INPUT_` + upper case, spaces → `_`. */
export const inputVariable = (name: string): string =>
  `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

/** What one action run left behind. */
export interface ActionRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
  /** Messages of `::error::` workflow commands. */
  readonly errors: readonly string[];
  readonly ms: number;
}

/**
 * Runs a JavaScript action's entry file the way the runner does: `node <main>` in the workspace,
 * with every input (declared defaults first, then `inputs`) as `INPUT_*` variables and fresh
 * `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY` files.
 */
export async function runAction(
  main: string,
  options: {
    readonly workspace: string;
    readonly defaults: Readonly<Record<string, string>>;
    readonly inputs: Readonly<Record<string, string>>;
    readonly env?: NodeJS.ProcessEnv;
    readonly timeoutMs: number;
  },
): Promise<ActionRun> {
  const files = await mkdtemp(join(tmpdir(), 'action-run-'));
  const outputFile = join(files, 'output');
  const summaryFile = join(files, 'summary');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const inputs = { ...options.defaults, ...options.inputs };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...options.env,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    RUNNER_TEMP: files,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputVariable(k), v])),
  };
  const result = await run(process.execPath, [main], {
    cwd: options.workspace,
    env,
    timeoutMs: options.timeoutMs,
  });
  if (result.timedOut)
    throw new Error(`${main} timed out after ${options.timeoutMs} ms\n${result.stdout}`);
  return {
    code: result.code,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    errors: result.stdout
      .split('\n')
      .filter((l) => l.startsWith('::error'))
      .map((l) => l.replace(/^::error[^:]*::/, '')),
    ms: result.ms,
  };
}
