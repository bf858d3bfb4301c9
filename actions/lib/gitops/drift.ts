/**
 * Drift: what a scheduled check finds when nothing was merged. For each team, the exit code of
 * `terraform plan -detailed-exitcode` (0: the infrastructure matches the code, 2: someone changed
 * it outside Terraform, anything else: the plan failed), and what Terraform does not see: the
 * migrations applied in its warehouse and its published dashboard (outside-checks.ts).
 */
import type { OutsideCheck } from './outside-checks.js';
import { renderTeamPlan } from './plan-markdown.js';
import type { PlanSummary } from './plan.js';

/** Hidden marker of the drift issue; the open issue carrying it is updated or closed. */
export const DRIFT_ISSUE_MARKER = '<!-- rfm-workshop:drift -->';
/** Title of the drift issue. */
export const DRIFT_ISSUE_TITLE = 'Drift in workshop teams: infrastructure, migrations, dashboards';

/** One team's drift check. */
export interface DriftCheck {
  readonly team: string;
  /** The exit code of `terraform plan -detailed-exitcode`; undefined when the step did not run. */
  readonly exitCode: number | undefined;
  /** The plan, when `terraform show -json` produced one. */
  readonly plan?: PlanSummary;
  /** The checks of what Terraform does not see, when they were expected. */
  readonly outside?: readonly OutsideCheck[];
}

/** What a team's drift check found. */
export type DriftState = 'in-sync' | 'drifted' | 'failed';

/**
 * The team's state: failed when the plan or any other check could not run, drifted when the plan
 * shows changes or a check found differences, else in sync.
 */
export function driftState(check: DriftCheck): DriftState {
  const outside = check.outside ?? [];
  if ((check.exitCode !== 0 && check.exitCode !== 2) || outside.some((o) => o.error !== undefined))
    return 'failed';
  if (check.exitCode === 2 || outside.some((o) => o.findings.length > 0)) return 'drifted';
  return 'in-sync';
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
/** Findings listed per check and team; the rest are counted. */
const FINDINGS_PER_CHECK = 25;

const ICON: Record<DriftState, string> = { 'in-sync': '✅', drifted: '⚠️', failed: '❌' };

/** Text safe inside a Markdown table cell: one line, no column breaks, bounded. */
const cell = (text: string, max = 160): string => {
  const flat = text.replace(/\s+/g, ' ').replaceAll('|', '\\|');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function planCell(c: DriftCheck): string {
  if (c.exitCode === undefined) return 'did not run';
  const counts =
    c.plan === undefined
      ? ''
      : `: ${c.plan.add} to add, ${c.plan.change} to change, ${c.plan.destroy} to destroy`;
  return `exit ${c.exitCode}${counts}`;
}

function outsideCell(c: DriftCheck, name: OutsideCheck['check']): string {
  const o = c.outside?.find((x) => x.check === name);
  if (o === undefined) return '–';
  if (o.error !== undefined) return `❌ ${cell(o.error)}`;
  const n = o.findings.length;
  return n === 0 ? '✅ in sync' : `⚠️ ${n} difference${n === 1 ? '' : 's'}`;
}

/** The findings and errors of a team's other checks, as a Markdown list; '' when there are none. */
function renderOutside(c: DriftCheck): string {
  const lines = (c.outside ?? []).flatMap((o) => {
    if (o.error !== undefined)
      return [`- ${o.check}: the check failed: ${o.error.replace(/\s+/g, ' ')}`];
    const shown = o.findings
      .slice(0, FINDINGS_PER_CHECK)
      .map((f) => `- ${o.check} **${f.kind}** \`${f.subject}\`: ${f.detail}`);
    const more = o.findings.length - shown.length;
    return more > 0 ? [...shown, `- ${o.check}: … and ${more} more`] : shown;
  });
  return lines.length === 0
    ? ''
    : [`### \`${c.team}\`: migrations and dashboard`, '', ...lines, ''].join('\n');
}

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
    '| team | state | terraform plan | migrations | dashboard |',
    '| --- | --- | --- | --- | --- |',
    ...sorted.map((c) => {
      const state = driftState(c);
      return `| \`${c.team}\` | ${ICON[state]} ${state} | ${planCell(c)} | ${outsideCell(c, 'migrations')} | ${outsideCell(c, 'dashboard')} |`;
    }),
  ].join('\n');
  const perTeam = Math.min(
    DETAIL_CHARS_PER_TEAM,
    Math.floor(DETAILS_BUDGET / Math.max(1, drifted.length + failed.length)),
  );
  const details = sorted
    .flatMap((c) => [
      ...(c.exitCode === 2 && c.plan !== undefined
        ? [renderTeamPlan({ team: c.team, plan: c.plan }, { headingLevel: 3, maxChars: perTeam })]
        : []),
      ...[renderOutside(c)].filter((text) => text !== '').map((text) => text.slice(0, perTeam)),
    ])
    .join('\n');
  const run = context.runUrl === undefined ? '' : ` ([run](${context.runUrl}))`;
  const checked = `${sorted.length} team${sorted.length === 1 ? '' : 's'}`;
  const headline =
    drifted.length === 0 && failed.length === 0
      ? `No drift on ${context.date}: ${checked} match the code (stacks${sorted.some((c) => c.outside !== undefined) ? ', migrations, dashboards' : ''}).`
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
          'Bring the teams back in line. Infrastructure: revert the manual change in AWS, or change the code to match and merge it (the deploy applies it). Migrations: the next deploy applies pending files; an applied file that was edited, or a history row without a file, needs the file restored. Dashboard: the next deploy publishes the definition in the code again; a change wanted in the dashboard goes into actions/lib/dashboards/definition.ts. This issue is updated by every drift run and closed when no team drifts.',
          '',
        ].join('\n');
  return { summary, issueBody, drifted, failed };
}
