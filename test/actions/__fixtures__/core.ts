/**
 * The one `@actions/core` stand-in of the action shells' tests. Use it before importing the
 * action: `jest.unstable_mockModule('@actions/core', () => core)`.
 */
import type * as Core from '@actions/core';
import { jest } from '@jest/globals';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What `getInput` answers; `setInputs` replaces it. */
const inputs = new Map<string, string>();

export const getInput = jest.fn<typeof Core.getInput>((name) => inputs.get(name) ?? '');
export const setOutput = jest.fn<typeof Core.setOutput>();
export const setFailed = jest.fn<typeof Core.setFailed>();
export const setSecret = jest.fn<typeof Core.setSecret>();
export const info = jest.fn<typeof Core.info>();
export const summary = {
  addRaw: jest.fn((_text: string) => summary),
  write: jest.fn(async () => summary),
};

/** Clears every call and sets the inputs the next run reads (action.yml defaults and more). */
export function resetCore(values: Readonly<Record<string, string>>): void {
  jest.clearAllMocks();
  // Where the job summary would go; `summary.write` is a stand-in, so nothing is written there.
  process.env.GITHUB_STEP_SUMMARY = join(tmpdir(), 'step-summary.md');
  inputs.clear();
  for (const [name, value] of Object.entries(values)) inputs.set(name, value);
}

/** `name → value` of every `setOutput` call, in order. */
export const outputsSet = (): [string, string][] =>
  setOutput.mock.calls.map(([name, value]) => [name, String(value)]);
