/** Workflows and composite actions as the tests walk them: jobs, steps, and the actions they use. */
import { join, normalize } from 'node:path';
import {
  readYaml,
  workflowFiles,
  type RawAction,
  type RawJob,
  type RawStep,
  type RawWorkflow,
} from '../support/github-files.js';

/** A workflow job with where it is. */
export interface JobAt {
  readonly file: string;
  readonly id: string;
  readonly job: RawJob;
}

/** Every job of every workflow. */
export function allJobs(): JobAt[] {
  return workflowFiles().flatMap((file) =>
    Object.entries(readYaml<RawWorkflow>(file).jobs).map(([id, job]) => ({ file, id, job })),
  );
}

/** The manifest file of a local action (`uses: ./…`), relative to the repository root. */
export const localManifest = (uses: string): string => join(normalize(uses), 'action.yml');

/** The steps of a local composite action; empty for a JavaScript action. */
export function compositeSteps(uses: string): RawStep[] {
  return readYaml<RawAction>(localManifest(uses)).runs.steps ?? [];
}

/**
 * Every `uses:` reached from `steps`, following local composite actions into their own steps
 * (local actions are listed normalized, e.g. `.github/actions/teardown`).
 */
export function transitiveUses(steps: readonly RawStep[], seen = new Set<string>()): string[] {
  const found: string[] = [];
  for (const step of steps) {
    if (step.uses === undefined) continue;
    if (!step.uses.startsWith('./')) {
      found.push(step.uses);
      continue;
    }
    const local = normalize(step.uses);
    found.push(local);
    if (seen.has(local)) continue;
    seen.add(local);
    found.push(...transitiveUses(compositeSteps(step.uses), seen));
  }
  return found;
}

/** True when the job (or a composite action it uses) assumes an AWS role. */
export const assumesRole = (job: RawJob): boolean =>
  transitiveUses(job.steps ?? []).some((u) =>
    u.startsWith('aws-actions/configure-aws-credentials@'),
  );

/** Jobs that use the local action `dir` (e.g. `.github/actions/teardown`), directly or not. */
export const jobsUsing = (dir: string): string[] =>
  allJobs()
    .filter(({ job }) => transitiveUses(job.steps ?? []).includes(dir))
    .map(({ file, id }) => `${file}#${id}`)
    .sort();
