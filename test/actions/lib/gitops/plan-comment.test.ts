import {
  GITHUB_COMMENT_LIMIT,
  PLAN_COMMENT_MARKER,
  renderPlanComment,
} from '../../../../actions/lib/gitops/plan-comment.js';
import { renderTeamPlan } from '../../../../actions/lib/gitops/plan-markdown.js';
import { summarizePlan } from '../../../../actions/lib/gitops/plan.js';
import { manyChanges, planJson } from './plan-fixtures.js';

const RUN = 'https://github.com/acme/rfm/actions/runs/42';
const small = summarizePlan(
  planJson([
    { address: 'aws_s3_bucket.data', actions: ['create'] },
    { address: 'aws_kms_key.key', actions: ['update'] },
    {
      address: 'aws_redshift_cluster.wh',
      actions: ['delete', 'create'],
      reason: 'replace_because_cannot_update',
    },
  ]),
);
const none = summarizePlan(planJson([{ address: 'aws_s3_bucket.data', actions: ['no-op'] }]));

describe('renderTeamPlan', () => {
  test('a table of the counts and every change collapsed in a diff block', () => {
    expect(renderTeamPlan({ team: 'acme', plan: small })).toBe(
      [
        '### ⚠️ `acme`: Plan: 2 to add, 1 to change, 1 to destroy.',
        '',
        '| to add | to change | to destroy |',
        '| ---: | ---: | ---: |',
        '| 2 | 1 | 1 |',
        '',
        '**1 resource would be destroyed.**',
        '',
        '<details><summary>3 resource changes</summary>',
        '',
        '```diff',
        '+   aws_s3_bucket.data',
        '!   aws_kms_key.key',
        '-/+ aws_redshift_cluster.wh  (replace because cannot update)',
        '```',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  test('no changes: the table and nothing to expand', () => {
    const md = renderTeamPlan({ team: 'acme', plan: none });
    expect(md).toContain('### ✅ `acme`: No changes.');
    expect(md).not.toContain('<details>');
  });

  test('a team without a plan shows why, quoted', () => {
    expect(renderTeamPlan({ team: 'acme', error: 'no plan file\nsee the log' })).toBe(
      '### ❌ `acme`: no plan\n\n> no plan file\n> see the log\n',
    );
  });

  test('beyond maxChars the remaining changes are counted and pointed to', () => {
    const plan = summarizePlan(planJson(manyChanges(500)));
    const md = renderTeamPlan({ team: 'acme', plan }, { maxChars: 5_000, fullPlanUrl: RUN });
    expect(md.length).toBeLessThanOrEqual(5_000);
    const shown = md.split('\n').filter((l) => l.startsWith('+   ')).length;
    expect(md).toContain(`... ${500 - shown} more changes not shown: see ${RUN}`);
    expect(md.trimEnd().endsWith('</details>')).toBe(true);
  });
});

describe('renderPlanComment', () => {
  test('starts with the marker, gives an overview and one section per team', () => {
    const md = renderPlanComment({
      teams: [
        { team: 'acme', plan: small },
        { team: 'globex', plan: none },
        { team: 'initech', error: 'plan job failed' },
      ],
      commit: '9c0f2d1e5b7a',
      runUrl: RUN,
      allTeamsBecause: ['stacks/'],
    });
    expect(md.startsWith(`${PLAN_COMMENT_MARKER}\n## Terraform plan\n`)).toBe(true);
    expect(md).toContain(
      '3 teams planned, 1 with changes, **1 destroying resources**, **1 without a plan**, at `9c0f2d1`.',
    );
    expect(md).toContain('Every team is planned because `stacks/` changed.');
    expect(md.indexOf('`acme`')).toBeLessThan(md.indexOf('`globex`'));
    expect(md).toContain('### ❌ `initech`: no plan');
    expect(md).toContain(`Full plans are attached to [the workflow run](${RUN}).`);
  });

  test('says so when no team is affected', () => {
    const md = renderPlanComment({ teams: [], commit: 'abc1234' });
    expect(md).toContain("No team's stack is affected by this pull request.");
  });

  test('stays within GitHub’s comment limit however large the plans', () => {
    const huge = summarizePlan(planJson(manyChanges(3_000)));
    const teams = ['a', 'b', 'c', 'd', 'e'].map((team) => ({ team, plan: huge }));
    const md = renderPlanComment({ teams, commit: 'abc1234', runUrl: RUN });
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    for (const t of teams) expect(md).toContain(`\`${t.team}\`: Plan: 3000 to add`);
    expect(md.match(/more changes not shown/g)).toHaveLength(5);
  });

  test('with more teams than fit, falls back to one row per team', () => {
    const plan = summarizePlan(planJson(manyChanges(3)));
    const teams = Array.from({ length: 400 }, (_, i) => ({ team: `team-${i}`, plan }));
    const md = renderPlanComment({ teams, commit: 'abc1234' });
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md).toContain('| `team-399` | 3 | 0 | 0 | changes |');
  });
});
