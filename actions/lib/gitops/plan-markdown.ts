/** One team's plan as Markdown: its counts in a table and every resource change, collapsed. */
import { planLine, type PlanSummary, type ResourceAction, type ResourceChange } from './plan.js';

/** A team's plan, or why there is none (the plan job failed or produced no file). */
export type TeamPlan =
  | { readonly team: string; readonly plan: PlanSummary }
  | { readonly team: string; readonly error: string };

/**
 * The first characters of a line in a ```diff block: GitHub colours `+` green and `-` red.
 * A replace reads as Terraform prints it.
 */
const SYMBOL: Record<ResourceAction, string> = {
  create: '+  ',
  delete: '-  ',
  replace: '-/+',
  update: '!  ',
  forget: '.  ',
  import: '<= ',
};

/** Markdown-safe inline code for an address or team id (backticks cannot occur in either). */
const code = (text: string): string => `\`${text.replaceAll('`', "'")}\``;

function changeLine(c: ResourceChange): string {
  const notes = [
    ...(c.importing && c.action !== 'import' ? ['import'] : []),
    ...(c.reason === undefined ? [] : [c.reason.replaceAll('_', ' ')]),
  ];
  return `${SYMBOL[c.action]} ${c.address}${notes.length > 0 ? `  (${notes.join('; ')})` : ''}`;
}

/** Options of {@link renderTeamPlan}. */
export interface TeamPlanOptions {
  /** Markdown heading level of the team's title, 2 to 6. */
  readonly headingLevel?: number;
  /** Upper bound on the section's length; resource lines beyond it are left out and counted. */
  readonly maxChars?: number;
  /** Where the full plan is (a run or artifact URL), named when lines are left out. */
  readonly fullPlanUrl?: string;
}

const DEFAULT_MAX_CHARS = 60_000;

/** The section for one team: title with Terraform's summary line, a count table, the changes. */
export function renderTeamPlan(teamPlan: TeamPlan, options: TeamPlanOptions = {}): string {
  const hashes = '#'.repeat(Math.min(6, Math.max(2, options.headingLevel ?? 3)));
  if ('error' in teamPlan) {
    return `${hashes} ❌ ${code(teamPlan.team)}: no plan\n\n> ${teamPlan.error.replaceAll('\n', '\n> ')}\n`;
  }
  const { plan } = teamPlan;
  const icon = plan.destroy > 0 ? '⚠️' : plan.changes.length > 0 ? '📝' : '✅';
  const head = [
    `${hashes} ${icon} ${code(teamPlan.team)}: ${planLine(plan)}`,
    '',
    '| to add | to change | to destroy |',
    '| ---: | ---: | ---: |',
    `| ${plan.add} | ${plan.change} | ${plan.destroy} |`,
    '',
    ...(plan.destroy > 0
      ? [`**${plan.destroy} resource${plan.destroy === 1 ? '' : 's'} would be destroyed.**`, '']
      : []),
  ].join('\n');
  if (plan.changes.length === 0) return `${head}\n`;

  const open = `<details><summary>${plan.changes.length} resource change${plan.changes.length === 1 ? '' : 's'}</summary>\n\n\`\`\`diff\n`;
  const close = '```\n\n</details>\n';
  const budget = (options.maxChars ?? DEFAULT_MAX_CHARS) - head.length - open.length - close.length;
  const lines = plan.changes.map(changeLine);
  const kept: string[] = [];
  let used = 0;
  const omissionReserve = 120;
  for (const [i, line] of lines.entries()) {
    const reserve = i === lines.length - 1 ? 0 : omissionReserve;
    if (used + line.length + 1 + reserve > budget) break;
    kept.push(line);
    used += line.length + 1;
  }
  const left = lines.length - kept.length;
  if (left > 0) {
    const where = options.fullPlanUrl === undefined ? 'the plan artifact' : options.fullPlanUrl;
    kept.push(`... ${left} more change${left === 1 ? '' : 's'} not shown: see ${where}`);
  }
  return `${head}\n${open}${kept.join('\n')}\n${close}`;
}
