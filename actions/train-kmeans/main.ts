/** The train-kmeans action's shell: inputs → the team's backend → `runTrainKMeans`. */
import { z } from 'zod';
import { sqlDirs } from '../lib/pipeline/sql-dirs.js';
import { workspace } from '../shared/backend.js';
import { backendActionShell } from '../shared/entrypoint.js';
import {
  approvalInput,
  backendInputs,
  booleanInput,
  instanceTypeInput,
  kInput,
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

export const { parseInputs, main } = backendActionShell(
  'train-kmeans',
  inputSchema,
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
