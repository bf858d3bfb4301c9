/** The train-kmeans action's shell: inputs → the team's backend → `runTrainKMeans`. */
import * as core from '@actions/core';
import { z } from 'zod';
import { sqlDirs } from '../lib/pipeline/sql-dirs.js';
import { workspace } from '../shared/backend.js';
import { runBackendAction } from '../shared/entrypoint.js';
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
export const main = (): Promise<void> =>
  runBackendAction(
    'train-kmeans',
    () => parseInputs((name) => core.getInput(name)),
    (backend, inputs, log) =>
      runTrainKMeans(backend, sqlDirs(workspace()), {
        log,
        lifetimeValue: inputs['lifetime-value'],
        ...(inputs.k === undefined ? {} : { k: inputs.k }),
        ...(inputs.approval === undefined ? {} : { approvalPolicy: inputs.approval }),
      }),
    (inputs) => {
      const instanceType = inputs['instance-type'];
      return instanceType === undefined ? {} : { instanceType };
    },
  );
