/** The train-kmeans action's shell: inputs → the team's backend → `runTrainKMeans`. */
import * as core from '@actions/core';
import { z } from 'zod';
import { openActionBackend } from '../shared/backend.js';
import { runAction } from '../shared/entrypoint.js';
import {
  approvalInput,
  backendInput,
  booleanInput,
  folderInput,
  instanceTypeInput,
  kInput,
  optional,
  parseInputs as parse,
  teamInput,
} from '../shared/inputs.js';
import { runTrainKMeans } from './run.js';

/** The action's inputs exactly as `action.yml` declares them. */
const inputSchema = z.object({
  team: teamInput,
  backend: backendInput,
  k: kInput,
  'approval-policy': approvalInput,
  'instance-type': instanceTypeInput,
  'stack-outputs': optional(z.string()),
  'environments-dir': folderInput,
  'lifetime-value': booleanInput,
});

export type ParsedInputs = z.output<typeof inputSchema>;

/** Reads and validates every input; the error names each bad input and what it expects. */
export function parseInputs(getInput: (name: string) => string): ParsedInputs {
  return parse(inputSchema, getInput, (v) =>
    v.backend === 'aws' && v['stack-outputs'] === undefined
      ? {
          input: 'stack-outputs',
          message:
            "required when backend is aws: the JSON file of `terraform output -json` for the team's stack",
        }
      : undefined,
  );
}

/** The action's entry point. */
export async function main(): Promise<void> {
  await runAction(async (signal) => {
    const inputs = parseInputs((name) => core.getInput(name));
    const log = (line: string): void => core.info(line);
    const instanceType = inputs['instance-type'];
    const backend = await openActionBackend(inputs, {
      signal,
      log,
      userAgent: 'rfm-workshop/train-kmeans',
      ...(instanceType === undefined ? {} : { instanceType }),
    });
    try {
      return await runTrainKMeans(backend, {
        log,
        lifetimeValue: inputs['lifetime-value'],
        ...(inputs.k === undefined ? {} : { k: inputs.k }),
        ...(inputs['approval-policy'] === undefined
          ? {}
          : { approvalPolicy: inputs['approval-policy'] }),
      });
    } finally {
      await backend.close();
    }
  });
}
