/**
 * The one pull-request comment that shows the Terraform plan of every changed team. It starts with a
 * fixed marker, so each push finds and updates the same comment instead of adding another.
 */
import { renderTeamPlan, type TeamPlan } from './plan-markdown.js';
import { planHasChanges } from './plan.js';

/** Hidden first line of the plan comment; the comment is found again by it. */
export const PLAN_COMMENT_MARKER = '<!-- rfm-workshop:terraform-plan -->';

/** GitHub refuses issue and pull-request comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Room kept below the limit for the header and footer. */
const FRAME_RESERVE = 2_000;

/** What the comment is about. */
export interface PlanCommentInput {
  /** One entry per changed team, in the order to show them. */
  readonly teams: readonly TeamPlan[];
  /** The commit that was planned. */
  readonly commit: string;
  /** The workflow run, where the full plans are attached as artifacts. */
  readonly runUrl?: string;
  /** Shared paths that made every team change (from the changed-teams step). */
  readonly allTeamsBecause?: readonly string[];
}

function overview(teams: readonly TeamPlan[]): string {
  const failed = teams.filter((t) => 'error' in t).length;
  const changed = teams.filter((t) => 'plan' in t && planHasChanges(t.plan)).length;
  const destroying = teams.filter((t) => 'plan' in t && t.plan.destroy > 0).length;
  const parts = [
    `${teams.length} team${teams.length === 1 ? '' : 's'} planned`,
    `${changed} with changes`,
    ...(destroying > 0 ? [`**${destroying} destroying resources**`] : []),
    ...(failed > 0 ? [`**${failed} without a plan**`] : []),
  ];
  return parts.join(', ');
}

/** The comment's Markdown, at most {@link GITHUB_COMMENT_LIMIT} characters. */
export function renderPlanComment(input: PlanCommentInput): string {
  const shortSha = input.commit.slice(0, 7);
  const header = [
    PLAN_COMMENT_MARKER,
    '## Terraform plan',
    '',
    `${overview(input.teams)}, at \`${shortSha}\`.`,
    ...(input.allTeamsBecause !== undefined && input.allTeamsBecause.length > 0
      ? [
          '',
          `Every team is planned because ${input.allTeamsBecause.map((p) => `\`${p}\``).join(', ')} changed.`,
        ]
      : []),
    '',
  ].join('\n');
  const footer = [
    '',
    '---',
    input.runUrl === undefined
      ? 'This comment is updated on every push.'
      : `Full plans are attached to [the workflow run](${input.runUrl}). This comment is updated on every push.`,
    '',
  ].join('\n');

  if (input.teams.length === 0) {
    return `${header}\nNo team's stack is affected by this pull request.\n${footer}`;
  }
  const perTeam = Math.floor(
    (GITHUB_COMMENT_LIMIT - FRAME_RESERVE - header.length - footer.length) / input.teams.length,
  );
  const sections = input.teams.map((t) =>
    renderTeamPlan(t, {
      headingLevel: 3,
      maxChars: perTeam,
      ...(input.runUrl === undefined ? {} : { fullPlanUrl: input.runUrl }),
    }),
  );
  const full = `${header}\n${sections.join('\n')}${footer}`;
  return full.length <= GITHUB_COMMENT_LIMIT
    ? full
    : `${header}\n${compactTable(input.teams)}${footer}`;
}

/** One row per team, for more teams than fit in a comment with their changes listed. */
function compactTable(teams: readonly TeamPlan[]): string {
  const rows = teams.map((t) =>
    'error' in t
      ? `| \`${t.team}\` | – | – | – | no plan |`
      : `| \`${t.team}\` | ${t.plan.add} | ${t.plan.change} | ${t.plan.destroy} | ${planHasChanges(t.plan) ? 'changes' : 'no changes'} |`,
  );
  return [
    '| team | to add | to change | to destroy | |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    'Too many teams to list every resource change here; the plans are attached to the run.',
    '',
  ].join('\n');
}
