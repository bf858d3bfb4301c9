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

/** A model scored on the current data: msd, and mean silhouette on a fixed sample of it. */
export interface ScoredModel {
  readonly k: number;
  readonly msd: number;
  readonly silhouette: number;
}

/** The latest approved version, scored on the same data (and silhouette sample) as the candidate. */
export interface ApprovalBaseline extends ScoredModel {
  readonly version: number;
}

/**
 * The latest approved version clusters in another space (another scaling or other features): msd
 * and silhouette of the two cannot be compared.
 */
export interface IncomparableBaseline {
  readonly version: number;
  readonly comparable: false;
  /** The baseline's space, e.g. `seed scaling of recency, frequency, monetary`. */
  readonly space: string;
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
 * `manual`: always PendingManualApproval. `auto`: Approved when there is no approved version yet;
 * otherwise like is compared with like, both scored on the current data:
 * - same k: Approved when the candidate's msd ≤ (1 + msdMargin) × the baseline's;
 * - different k: msd always falls as k grows, so it cannot compare them; Approved when the
 *   candidate's mean silhouette (on the same sample of customers) is at least the baseline's
 *   minus silhouetteMargin.
 * Otherwise PendingManualApproval, so a person decides. A baseline in another space is no
 * baseline: the candidate is the first approved version of its space.
 */
export function decideApproval(
  policy: ApprovalConfig,
  candidate: ScoredModel,
  baseline: ApprovalBaseline | IncomparableBaseline | undefined,
): ApprovalDecision {
  const { msd } = candidate;
  if (!Number.isFinite(msd) || msd < 0) {
    throw new Error(`msd must be a finite number ≥ 0, got ${msd}`);
  }
  if (policy.policy === 'manual') {
    return { status: 'PendingManualApproval', reason: 'approval policy is manual' };
  }
  if (baseline === undefined) {
    return { status: 'Approved', reason: 'auto: first approved version' };
  }
  if ('comparable' in baseline) {
    return {
      status: 'Approved',
      reason: `auto: first approved version in this feature space; v${baseline.version} clusters the ${baseline.space}, so msd and silhouette cannot compare the two`,
    };
  }
  if (candidate.k === baseline.k) {
    const limit = baseline.msd * (1 + policy.msdMargin);
    const compared = `msd ${fmt(msd)} vs ${fmt(baseline.msd)} for v${baseline.version} (k = ${baseline.k}) on the same data, margin ${percent(policy.msdMargin)}`;
    return msd <= limit
      ? { status: 'Approved', reason: `auto: ${compared}` }
      : { status: 'PendingManualApproval', reason: `auto: worse than allowed: ${compared}` };
  }
  const margin = policy.silhouetteMargin ?? MODEL_DEFAULTS.approval.silhouetteMargin;
  const compared = `k = ${candidate.k} vs k = ${baseline.k} for v${baseline.version}: mean silhouette ${fmt(candidate.silhouette)} vs ${fmt(baseline.silhouette)} on the same customers, margin ${margin}`;
  return candidate.silhouette >= baseline.silhouette - margin
    ? { status: 'Approved', reason: `auto: ${compared}` }
    : { status: 'PendingManualApproval', reason: `auto: worse than allowed: ${compared}` };
}

const fmt = (x: number): string => x.toPrecision(6);
const percent = (x: number): string => `${Number((x * 100).toFixed(4))}%`;
