import { expect, test } from '@jest/globals';
import { quickSightOwners } from '../../../../contracts/quicksight-members.js';
import { formatPublishSummary } from '../../../../actions/lib/dashboards/publish-summary.js';
import type { PublishReport } from '../../../../actions/lib/dashboards/quicksight.js';

const REPORT = {
  dashboardId: 'rfm-retail-bank-dashboard',
  dashboardArn: 'arn:aws:quicksight:eu-west-1:111122223333:dashboard/rfm-retail-bank-dashboard',
  url: 'https://eu-west-1.quicksight.aws.amazon.com/sn/dashboards/rfm-retail-bank-dashboard',
  publishedVersion: 3,
  changed: true,
  changes: [{ resource: 'dashboard', id: 'rfm-retail-bank-dashboard', action: 'updated' }],
} as unknown as PublishReport;

test('says which owners are in the QuickSight group and which must be added by hand', () => {
  const summary = formatPublishSummary(
    'retail-bank',
    REPORT,
    quickSightOwners(['@retail-bank-analytics', 'data-platform@example.com']),
  );
  expect(summary).toContain(
    "Members of the team's QuickSight group (added by the stack): `data-platform@example.com`.",
  );
  expect(summary).toContain(
    'Owners without a QuickSight user name, to add to the group of retail-bank by hand (or list their e-mail addresses under `owners`): `@retail-bank-analytics`.',
  );
});

test('a team whose owners are all GitHub handles hears that its group is empty', () => {
  const summary = formatPublishSummary('x', REPORT, quickSightOwners(['@a', '@b']));
  expect(summary).toContain(
    "No owner is an e-mail address, so the team's QuickSight group has no members yet.",
  );
  expect(summary).toContain('`@a`, `@b`');
});
