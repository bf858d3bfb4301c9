/** The approval rule shared by both registries. */
import {
  MODEL_DEFAULTS,
  type ApprovalConfig,
  type ModelConfig,
} from '../../../contracts/environment/schema.js';

/** SageMaker's ModelApprovalStatus values; the local registry records the same ones. */
export type ApprovalStatus = 'Approved' | 'PendingManualApproval' | 'Rejected';

/** The status a new version is registered with, and why (recorded with the version). */
export interface ApprovalDecision {
  readonly status: ApprovalStatus;
  readonly reason: string;
}

/** The latest approved version, scored on the same data as the candidate. */
export interface ApprovalBaseline {
  readonly version: number;
  readonly msd: number;
}

/** The environment's `model.approval` with defaults filled in and `policy` possibly overridden. */
export function resolveApproval(
  model: Pick<ModelConfig, 'approval'>,
  override: { policy?: ApprovalConfig['policy'] } = {},
): ApprovalConfig {
  return {
    ...MODEL_DEFAULTS.approval,
    ...model.approval,
    ...(override.policy === undefined ? {} : { policy: override.policy }),
  };
}

/**
 * `manual`: always PendingManualApproval. `auto`: Approved when there is no approved version yet,
 * or when `msd` ≤ (1 + msdMargin) × the baseline's msd; otherwise PendingManualApproval, so a
 * person decides. Both msds must come from the same data, or the comparison means nothing.
 */
export function decideApproval(
  policy: ApprovalConfig,
  msd: number,
  baseline: ApprovalBaseline | undefined,
): ApprovalDecision {
  if (!Number.isFinite(msd) || msd < 0) {
    throw new Error(`msd must be a finite number ≥ 0, got ${msd}`);
  }
  if (policy.policy === 'manual') {
    return { status: 'PendingManualApproval', reason: 'approval policy is manual' };
  }
  if (baseline === undefined) {
    return { status: 'Approved', reason: 'auto: first approved version' };
  }
  const limit = baseline.msd * (1 + policy.msdMargin);
  const compared = `msd ${fmt(msd)} vs ${fmt(baseline.msd)} for v${baseline.version} on the same data, margin ${Number((policy.msdMargin * 100).toFixed(4))}%`;
  return msd <= limit
    ? { status: 'Approved', reason: `auto: ${compared}` }
    : { status: 'PendingManualApproval', reason: `auto: worse than allowed: ${compared}` };
}

const fmt = (x: number): string => x.toPrecision(6);
