import * as core from '@actions/core';
import type { z } from 'zod';
import type { OpenBackendOptions, TeamBackend } from '../lib/pipeline/backend.js';
import { openActionBackend, type ActionBackendInputs } from './backend.js';
import { backendInputProblem, parseInputs } from './inputs.js';

/** What an action may set when it opens its backend, beyond what every action sets. */
export type BackendOpenOptions = Pick<
  OpenBackendOptions,
  'statementTimeoutMs' | 'instanceType' | 'quickSight'
>;

/** What an action's run returns: step outputs by their action.yml names, and a Markdown summary. */
export interface ActionResult<O extends { readonly [K in keyof O]: string }> {
  readonly outputs: O;
  readonly summary: string;
}

/**
 * Runs an action body with an abort signal that fires on SIGINT/SIGTERM (a cancelled workflow),
 * then sets its outputs and writes its job summary. The one place an action calls `setFailed`.
 */
export async function runAction<O extends { readonly [K in keyof O]: string }>(
  body: (signal: AbortSignal) => Promise<ActionResult<O>>,
): Promise<void> {
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    const result = await body(abort.signal);
    for (const [name, value] of Object.entries<string>(result.outputs)) core.setOutput(name, value);
    if (process.env.GITHUB_STEP_SUMMARY === undefined) core.info(result.summary);
    else await core.summary.addRaw(result.summary).write();
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

/**
 * An action over a team's backend: reads the inputs (a bad one fails before anything opens),
 * masks the database URL, opens the backend, runs the body on it and closes it.
 */
export async function runBackendAction<
  I extends ActionBackendInputs,
  O extends { readonly [K in keyof O]: string },
>(
  action: string,
  readInputs: () => I,
  body: (backend: TeamBackend, inputs: I, log: (line: string) => void) => Promise<ActionResult<O>>,
  openOptions: (inputs: I) => BackendOpenOptions = () => ({}),
): Promise<void> {
  await runAction(async (signal) => {
    const inputs = readInputs();
    const databaseUrl = inputs['database-url'];
    if (databaseUrl !== undefined) core.setSecret(databaseUrl);
    const log = (line: string): void => core.info(line);
    const backend = await openActionBackend(inputs, {
      signal,
      log,
      userAgent: `rfm-workshop/${action}`,
      ...openOptions(inputs),
    });
    try {
      return await body(backend, inputs, log);
    } finally {
      await backend.close();
    }
  });
}

/** What the main.ts of an action over a team's backend exports. */
export interface BackendActionShell<I> {
  /** Reads and validates every input; the error names each bad input and what it expects. */
  readonly parseInputs: (getInput: (name: string) => string) => I;
  /** The action's entry point: the inputs from the workflow step, then `runBackendAction`. */
  readonly main: () => Promise<void>;
}

/**
 * The shell of an action whose inputs (`schema`, exactly as `action.yml` declares them) include
 * `backendInputs`: they are validated together with what the backend inputs need of each other.
 */
export function backendActionShell<
  S extends z.ZodObject & z.ZodType<ActionBackendInputs>,
  O extends { readonly [K in keyof O]: string },
>(
  action: string,
  schema: S,
  body: (
    backend: TeamBackend,
    inputs: z.output<S>,
    log: (line: string) => void,
  ) => Promise<ActionResult<O>>,
  openOptions?: (inputs: z.output<S>) => BackendOpenOptions,
): BackendActionShell<z.output<S>> {
  const parse = (getInput: (name: string) => string): z.output<S> =>
    parseInputs(schema, getInput, backendInputProblem);
  return {
    parseInputs: parse,
    main: () =>
      runBackendAction(action, () => parse((name) => core.getInput(name)), body, openOptions),
  };
}
