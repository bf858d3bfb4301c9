import * as core from '@actions/core';

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
