/**
 * Drift: what `terraform plan -detailed-exitcode` finds when nothing was merged. Exit code 0 means
 * the infrastructure matches the code, 2 that it does not (someone changed it outside Terraform),
 * anything else that the plan itself failed.
 */
import { renderTeamPlan } from './plan-markdown.js';
import type { PlanSummary } from './plan.js';

/** Hidden marker of the drift issue; the open issue carrying it is updated or closed. */
export const DRIFT_ISSUE_MARKER = '<!-- rfm-workshop:drift -->';
/** Title of the drift issue. */
export const DRIFT_ISSUE_TITLE = 'Infrastructure drift in workshop team stacks';

/** One team's drift check. */
export interface DriftCheck {
  readonly team: string;
  /** The exit code of `terraform plan -detailed-exitcode`; undefined when the step did not run. */
  readonly exitCode: number | undefined;
  /** The plan, when `terraform show -json` produced one. */
  readonly plan?: PlanSummary;
}

/** What a team's drift check found. */
export type DriftState = 'in-sync' | 'drifted' | 'failed';

/** The state `-detailed-exitcode` reports. A plan that shows changes is drift whatever the code. */
export function driftState(check: DriftCheck): DriftState {
  if (check.exitCode === 0) return 'in-sync';
  if (check.exitCode === 2) return 'drifted';
  return 'failed';
}

/** The report of one drift run. */
export interface DriftReport {
  /** Markdown for the job summary. */
  readonly summary: string;
  /** Body of the drift issue; undefined when every team is in sync (the issue is then closed). */
  readonly issueBody: string | undefined;
  readonly drifted: readonly string[];
  readonly failed: readonly string[];
}

/** Room for the drifted teams' changes in the issue, which GitHub caps at 65,536 characters. */
const DETAILS_BUDGET = 50_000;
const DETAIL_CHARS_PER_TEAM = 12_000;

const ICON: Record<DriftState, string> = { 'in-sync': '✅', drifted: '⚠️', failed: '❌' };

/** Renders the checks of one run, in team order. */
export function renderDriftReport(
  checks: readonly DriftCheck[],
  context: { readonly date: string; readonly runUrl?: string },
): DriftReport {
  const sorted = [...checks].sort((a, b) => a.team.localeCompare(b.team));
  const byState = (s: DriftState): string[] =>
    sorted.filter((c) => driftState(c) === s).map((c) => c.team);
  const drifted = byState('drifted');
  const failed = byState('failed');
  const table = [
    '| team | state | plan |',
    '| --- | --- | --- |',
    ...sorted.map((c) => {
      const state = driftState(c);
      const counts =
        c.plan === undefined
          ? '–'
          : `${c.plan.add} to add, ${c.plan.change} to change, ${c.plan.destroy} to destroy`;
      const exit = c.exitCode === undefined ? 'did not run' : `exit ${c.exitCode}`;
      return `| \`${c.team}\` | ${ICON[state]} ${state} (${exit}) | ${counts} |`;
    }),
  ].join('\n');
  const perTeam = Math.min(
    DETAIL_CHARS_PER_TEAM,
    Math.floor(DETAILS_BUDGET / Math.max(1, drifted.length)),
  );
  const details = sorted
    .flatMap((c) =>
      driftState(c) === 'drifted' && c.plan !== undefined
        ? [renderTeamPlan({ team: c.team, plan: c.plan }, { headingLevel: 3, maxChars: perTeam })]
        : [],
    )
    .join('\n');
  const run = context.runUrl === undefined ? '' : ` ([run](${context.runUrl}))`;
  const headline =
    drifted.length === 0 && failed.length === 0
      ? `No drift on ${context.date}: ${sorted.length} team stack${sorted.length === 1 ? '' : 's'} match the code.`
      : `Drift check on ${context.date}: ${drifted.length} drifted, ${failed.length} failed, ${sorted.length} checked.`;
  const summary = ['## Drift', '', `${headline}${run}`, '', table, '', details].join('\n');
  const issueBody =
    drifted.length === 0 && failed.length === 0
      ? undefined
      : [
          DRIFT_ISSUE_MARKER,
          `${headline}${run}`,
          '',
          table,
          '',
          details,
          'Bring the stacks back in line: revert the manual change in AWS, or change the code to match and merge it (the deploy applies it). This issue is updated by every drift run and closed when no team drifts.',
          '',
        ].join('\n');
  return { summary, issueBody, drifted, failed };
}
