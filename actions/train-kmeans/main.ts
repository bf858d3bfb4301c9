/** The train-kmeans action's shell: inputs → the team's backend → `runTrainKMeans`. */
import * as core from '@actions/core';
import { z } from 'zod';
import { runAction } from '../shared/entrypoint.js';
import { sqlDirs } from '../lib/pipeline/sql-dirs.js';
import { openActionBackend, workspace } from '../shared/backend.js';
import {
  approvalInput,
  backendInputProblem,
  backendInputs,
  booleanInput,
  instanceTypeInput,
  kInput,
  parseInputs as parse,
} from '../shared/inputs.js';
import { runTrainKMeans } from './run.js';

/** The action's inputs exactly as `action.yml` declares them. */
const inputSchema = z.object({
  ...backendInputs,
  k: kInput,
  approval: approvalInput,
  'instance-type': instanceTypeInput,
  'lifetime-value': booleanInput,
});

export type ParsedInputs = z.output<typeof inputSchema>;

/** Reads and validates every input; the error names each bad input and what it expects. */
export const parseInputs = (getInput: (name: string) => string): ParsedInputs =>
  parse(inputSchema, getInput, backendInputProblem);

/** The action's entry point. */
export async function main(): Promise<void> {
  await runAction(async (signal) => {
    const inputs = parseInputs((name) => core.getInput(name));
    if (inputs['database-url'] !== undefined) core.setSecret(inputs['database-url']);
    const log = (line: string): void => core.info(line);
    const instanceType = inputs['instance-type'];
    const backend = await openActionBackend(inputs, {
      signal,
      log,
      userAgent: 'rfm-workshop/train-kmeans',
      ...(instanceType === undefined ? {} : { instanceType }),
    });
    try {
      return await runTrainKMeans(backend, sqlDirs(workspace()), {
        log,
        lifetimeValue: inputs['lifetime-value'],
        ...(inputs.k === undefined ? {} : { k: inputs.k }),
        ...(inputs.approval === undefined ? {} : { approvalPolicy: inputs.approval }),
      });
    } finally {
      await backend.close();
    }
  });
}
