import {
  DRIFT_ISSUE_MARKER,
  driftState,
  renderDriftReport,
} from '../../../../actions/lib/gitops/drift.js';
import { summarizePlan } from '../../../../actions/lib/gitops/plan.js';
import { planJson } from './plan-fixtures.js';

const drifted = summarizePlan(
  planJson([{ address: 'aws_s3_bucket_versioning.data', actions: ['update'] }]),
);
const clean = summarizePlan(planJson([]));

test.each([
  [0, 'in-sync'],
  [2, 'drifted'],
  [1, 'failed'],
  [undefined, 'failed'],
])('exit code %p of plan -detailed-exitcode means %s', (exitCode, state) => {
  expect(driftState({ team: 'acme', exitCode })).toBe(state);
});

test('every team in sync: a summary, and no issue body (the open issue gets closed)', () => {
  const report = renderDriftReport(
    [
      { team: 'globex', exitCode: 0, plan: clean },
      { team: 'acme', exitCode: 0, plan: clean },
    ],
    { date: '2027-02-01' },
  );
  expect(report.issueBody).toBeUndefined();
  expect(report.drifted).toEqual([]);
  expect(report.summary).toContain('No drift on 2027-02-01: 2 team stacks match the code.');
  expect(report.summary.indexOf('`acme`')).toBeLessThan(report.summary.indexOf('`globex`'));
});

test('drift and a failed check: both in the summary and in the marked issue body', () => {
  const report = renderDriftReport(
    [
      { team: 'acme', exitCode: 2, plan: drifted },
      { team: 'globex', exitCode: 1 },
      { team: 'initech', exitCode: 0, plan: clean },
    ],
    { date: '2027-02-01', runUrl: 'https://run/1' },
  );
  expect(report.drifted).toEqual(['acme']);
  expect(report.failed).toEqual(['globex']);
  expect(report.summary).toContain(
    'Drift check on 2027-02-01: 1 drifted, 1 failed, 3 checked. ([run](https://run/1))',
  );
  expect(report.summary).toContain(
    '| `acme` | ⚠️ drifted (exit 2) | 0 to add, 1 to change, 0 to destroy |',
  );
  expect(report.summary).toContain('| `globex` | ❌ failed (exit 1) | – |');
  expect(report.summary).toContain('!   aws_s3_bucket_versioning.data');
  expect(report.issueBody?.startsWith(DRIFT_ISSUE_MARKER)).toBe(true);
  expect(report.issueBody).toContain('closed when no team drifts');
});
