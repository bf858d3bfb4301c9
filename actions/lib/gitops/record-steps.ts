/**
 * The workflow steps around the deploy records: stop when a newer commit is already deployed,
 * record a completed deploy, and forget a team once it is torn down.
 */
import { deployBase } from './deploy-base.js';
import {
  forgetDeploy,
  readDeployRecord,
  recordDeploy,
  recordKey,
  subjectName,
  type RecordStore,
  type RecordSubject,
} from './deploy-record.js';
import { resolveCommit } from './commit-order.js';
import type { Git } from './git.js';
import type { StepResult } from './steps.js';

/** What the record steps work on. */
export interface RecordStepInput {
  readonly git: Git;
  readonly store: RecordStore;
  readonly subject: RecordSubject;
  /** The commit this run works from (`github.sha`). */
  readonly commit: string;
}

/**
 * Output `proceed`: `false` when the recorded commit is a descendant of `commit` (a newer commit
 * is deployed, so this older run must not apply or destroy over it), else `true`.
 */
export async function supersededStep(input: RecordStepInput): Promise<StepResult> {
  const stored = await readDeployRecord(input.store, input.subject);
  const base = await deployBase(input.git, stored?.record, input.commit);
  const name = subjectName(input.subject);
  if (base.kind === 'superseded') {
    return {
      outputs: { proceed: 'false', 'deployed-commit': base.newer },
      summary: `### ${capitalize(name)}: nothing to do\n\n${base.why}; this run stops here.\n`,
    };
  }
  return {
    outputs: { proceed: 'true', 'deployed-commit': stored?.record.commit ?? '' },
    summary: `### ${capitalize(name)}\n\nProceeding: ${base.why}.\n`,
  };
}

/** Records `commit` as deployed (keeping a newer record). Outputs `recorded` and `commit`. */
export async function recordDeployedStep(
  input: RecordStepInput & { readonly now: Date; readonly run?: string },
): Promise<StepResult> {
  const commit = await resolveCommit(input.git, input.commit);
  if (commit === undefined) {
    throw new Error(
      `commit ${input.commit} is not in this clone; check out with full history (actions/checkout fetch-depth: 0)`,
    );
  }
  const outcome = await recordDeploy(input.store, input.git, input.subject, {
    commit,
    deployedAt: input.now.toISOString(),
    ...(input.run === undefined ? {} : { run: input.run }),
  });
  const key = recordKey(input.subject);
  if (outcome.action === 'kept') {
    return {
      outputs: { recorded: 'false', commit: outcome.newer.commit },
      summary: `Kept \`${key}\` at the newer ${outcome.newer.commit.slice(0, 7)}.\n`,
    };
  }
  return {
    outputs: { recorded: 'true', commit },
    summary: `Recorded ${commit.slice(0, 7)} as deployed for ${subjectName(input.subject)} (\`${key}\`).\n`,
  };
}

/** Removes the record once a team is torn down. */
export async function forgetDeployedStep(
  store: RecordStore,
  subject: RecordSubject,
): Promise<StepResult> {
  await forgetDeploy(store, subject);
  return {
    outputs: {},
    summary: `Removed \`${recordKey(subject)}\`: the next deploy of ${subjectName(subject)} starts from scratch.\n`,
  };
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
