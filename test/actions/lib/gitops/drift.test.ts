import {
  DRIFT_ISSUE_MARKER,
  driftState,
  renderDriftReport,
} from '../../../../actions/lib/gitops/drift.js';
import type { OutsideCheck } from '../../../../actions/lib/gitops/outside-checks.js';
import { summarizePlan } from '../../../../actions/lib/gitops/plan.js';
import { planJson } from './plan-fixtures.js';

const drifted = summarizePlan(
  planJson([{ address: 'aws_s3_bucket_versioning.data', actions: ['update'] }]),
);
const clean = summarizePlan(planJson([]));
const inSync: OutsideCheck[] = [
  { check: 'migrations', findings: [] },
  { check: 'dashboard', findings: [] },
];

test.each([
  [0, 'in-sync'],
  [2, 'drifted'],
  [1, 'failed'],
  [undefined, 'failed'],
])('exit code %p of plan -detailed-exitcode means %s', (exitCode, state) => {
  expect(driftState({ team: 'acme', exitCode })).toBe(state);
  expect(driftState({ team: 'acme', exitCode, outside: inSync })).toBe(state);
});

test('a finding outside Terraform is drift; a check that could not run is a failure', () => {
  const pending: OutsideCheck = {
    check: 'migrations',
    findings: [{ kind: 'pending', subject: 'V013__x.sql', detail: 'not applied' }],
  };
  const broken: OutsideCheck = { check: 'dashboard', findings: [], error: 'did not run' };
  expect(driftState({ team: 'acme', exitCode: 0, outside: [pending] })).toBe('drifted');
  expect(driftState({ team: 'acme', exitCode: 0, outside: [pending, broken] })).toBe('failed');
  expect(driftState({ team: 'acme', exitCode: 2, outside: [broken] })).toBe('failed');
});

test('every team in sync: a summary, and no issue body (the open issue gets closed)', () => {
  const report = renderDriftReport(
    [
      { team: 'globex', exitCode: 0, plan: clean, outside: inSync },
      { team: 'acme', exitCode: 0, plan: clean, outside: inSync },
    ],
    { date: '2027-02-01' },
  );
  expect(report.issueBody).toBeUndefined();
  expect(report.drifted).toEqual([]);
  expect(report.summary).toContain(
    'No drift on 2027-02-01: 2 teams match the code (stacks, migrations, dashboards).',
  );
  expect(report.summary).toContain(
    '| `acme` | ✅ in-sync | exit 0: 0 to add, 0 to change, 0 to destroy | ✅ in sync | ✅ in sync |',
  );
  expect(report.summary.indexOf('`acme`')).toBeLessThan(report.summary.indexOf('`globex`'));
});

test('drift and a failed check: both in the summary and in the marked issue body', () => {
  const report = renderDriftReport(
    [
      { team: 'acme', exitCode: 2, plan: drifted, outside: inSync },
      { team: 'globex', exitCode: 1 },
      { team: 'initech', exitCode: 0, plan: clean, outside: inSync },
    ],
    { date: '2027-02-01', runUrl: 'https://run/1' },
  );
  expect(report.drifted).toEqual(['acme']);
  expect(report.failed).toEqual(['globex']);
  expect(report.summary).toContain(
    'Drift check on 2027-02-01: 1 drifted, 1 failed, 3 checked. ([run](https://run/1))',
  );
  expect(report.summary).toContain(
    '| `acme` | ⚠️ drifted | exit 2: 0 to add, 1 to change, 0 to destroy | ✅ in sync | ✅ in sync |',
  );
  expect(report.summary).toContain('| `globex` | ❌ failed | exit 1 | – | – |');
  expect(report.summary).toContain('!   aws_s3_bucket_versioning.data');
  expect(report.issueBody?.startsWith(DRIFT_ISSUE_MARKER)).toBe(true);
  expect(report.issueBody).toContain('closed when no team drifts');
});

test('migrations and dashboard drift with the stack in sync: listed per team, errors kept to one cell', () => {
  const report = renderDriftReport(
    [
      {
        team: 'acme',
        exitCode: 0,
        plan: clean,
        outside: [
          {
            check: 'migrations',
            findings: [
              {
                kind: 'pending',
                subject: 'V013__x.sql',
                detail: 'not applied; the next deploy applies it',
              },
              { kind: 'no-file', subject: 'V002__y.sql', detail: 'version 2 has no file' },
            ],
          },
          {
            check: 'dashboard',
            findings: [
              {
                kind: 'edited-outside',
                subject: 'rfm-acme',
                detail:
                  'edited outside the pipeline: version 4 is published, the pipeline published version 3',
              },
            ],
          },
        ],
      },
      {
        team: 'globex',
        exitCode: 0,
        plan: clean,
        outside: [
          { check: 'migrations', findings: [], error: 'AccessDenied | not\nauthorized' },
          { check: 'dashboard', findings: [] },
        ],
      },
    ],
    { date: '2027-02-01' },
  );
  expect(report.drifted).toEqual(['acme']);
  expect(report.failed).toEqual(['globex']);
  expect(report.summary).toContain(
    '| `acme` | ⚠️ drifted | exit 0: 0 to add, 0 to change, 0 to destroy | ⚠️ 2 differences | ⚠️ 1 difference |',
  );
  expect(report.summary).toContain('| ❌ AccessDenied \\| not authorized | ✅ in sync |');
  expect(report.issueBody).toContain('### `acme`: migrations and dashboard');
  expect(report.issueBody).toContain(
    '- migrations **pending** `V013__x.sql`: not applied; the next deploy applies it',
  );
  expect(report.issueBody).toContain(
    '- dashboard **edited-outside** `rfm-acme`: edited outside the pipeline: version 4 is published, the pipeline published version 3',
  );
  expect(report.issueBody).toContain(
    '- migrations: the check failed: AccessDenied | not authorized',
  );
});

test('a long list of findings is cut, saying how many more there are', () => {
  const findings = Array.from({ length: 40 }, (_, i) => ({
    kind: 'pending',
    subject: `V${String(100 + i)}__x.sql`,
    detail: 'not applied',
  }));
  const report = renderDriftReport(
    [{ team: 'acme', exitCode: 0, outside: [{ check: 'migrations', findings }] }],
    { date: '2027-02-01' },
  );
  expect(report.summary).toContain('`V124__x.sql`');
  expect(report.summary).not.toContain('`V125__x.sql`');
  expect(report.summary).toContain('- migrations: … and 15 more');
});
