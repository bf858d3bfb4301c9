import type { PublishReport } from './quicksight.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The job summary of a publish, in Markdown: the link, the published version and what changed. */
export function formatPublishSummary(team: string, report: PublishReport): string {
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
  ];
  return lines.join('\n');
}
