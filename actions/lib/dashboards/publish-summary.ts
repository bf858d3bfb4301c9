import type { QuickSightOwners } from '../../../contracts/quicksight-members.js';
import type { PublishReport } from './quicksight.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The job summary of a publish, in Markdown: the link, the published version and what changed. */
export function formatPublishSummary(
  team: string,
  report: PublishReport,
  owners?: QuickSightOwners,
): string {
  const lines = [
    `### QuickSight dashboard for ${team}`,
    '',
    `[${report.dashboardId}](${report.url}) · published version ${report.publishedVersion}`,
    '',
    report.changed
      ? 'Changed in this run:'
      : 'No changes: every resource matches the content hash of the definition, and no refresh was due.',
    '',
    '| resource | id | change | detail |',
    '| --- | --- | --- | --- |',
    ...report.changes.map(
      (c) => `| ${c.resource} | \`${cell(c.id)}\` | ${c.action} | ${cell(c.detail ?? '')} |`,
    ),
    '',
    ...(owners === undefined ? [] : ownersLines(team, owners)),
  ];
  return lines.join('\n');
}

/** Who can open the dashboard: the owners the stack made group members, and who it could not. */
function ownersLines(team: string, owners: QuickSightOwners): string[] {
  const list = (xs: readonly string[]): string => xs.map((x) => `\`${cell(x)}\``).join(', ');
  return [
    owners.members.length > 0
      ? `Members of the team's QuickSight group (added by the stack): ${list(owners.members)}.`
      : "No owner is an e-mail address, so the team's QuickSight group has no members yet.",
    ...(owners.unmapped.length > 0
      ? [
          `Owners without a QuickSight user name, to add to the group of ${team} by hand (or list their e-mail addresses under \`owners\`): ${list(owners.unmapped)}.`,
        ]
      : []),
    '',
  ];
}
