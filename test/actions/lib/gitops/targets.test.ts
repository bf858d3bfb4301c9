import { Testing } from 'cdktf';
import { SYNTH_OUTDIR, teamMatrix, teamTarget } from '../../../../actions/lib/gitops/targets.js';
import { PLAN_ROLE_NAME } from '../../../../contracts/naming.js';
import { buildApp } from '../../../../stacks/app.js';
import { readSettings } from '../../../../stacks/settings.js';
import { environment, parseSynth } from '../../../support/cdktf.js';

test('a team as a matrix entry', () => {
  expect(teamTarget(environment('acme'))).toEqual({
    team: 'acme',
    region: 'eu-west-1',
    'stack-dir': 'cdktf.out/stacks/team-acme',
    environment: 'workshop-acme',
    'deploy-role': 'workshop-acme-deploy',
    'plan-role': 'workshop-plan',
    'drift-role': 'workshop-acme-drift',
  });
});

test('the matrix lists teams in order', () => {
  const matrix = teamMatrix([teamTarget(environment('zeta')), teamTarget(environment('acme'))]);
  expect(matrix.include.map((t) => t.team)).toEqual(['acme', 'zeta']);
});

test('the stacks are synthesized where the workflows look for them', () => {
  expect(readSettings({}).outdir).toBe(SYNTH_OUTDIR);
});

test('the roles and environments the workflows use are the ones the bootstrap stack creates', () => {
  const envs = [environment('acme'), environment('globex')];
  const { bootstrap } = buildApp(Testing.app(), envs, {
    github: { owner: 'acme-corp', name: 'rfm-workshop' },
    stateBucket: 'acme-tfstate',
    stateRegion: 'eu-west-1',
  });
  const roles = Object.values(
    parseSynth(Testing.synth(bootstrap!)).resource?.aws_iam_role ?? {},
  ) as {
    name: string;
    assume_role_policy: string;
  }[];
  const trust = (name: string): string => {
    const role = roles.find((r) => r.name === name);
    if (role === undefined) throw new Error(`the bootstrap stack has no role ${name}`);
    return role.assume_role_policy;
  };
  expect(trust(PLAN_ROLE_NAME)).toContain('repo:acme-corp/rfm-workshop:pull_request');
  for (const env of envs) {
    const target = teamTarget(env);
    expect(trust(target['deploy-role'])).toContain(
      `repo:acme-corp/rfm-workshop:environment:${target.environment}`,
    );
    expect(trust(target['drift-role'])).toContain(
      'repo:acme-corp/rfm-workshop:ref:refs/heads/main:job_workflow_ref:acme-corp/rfm-workshop/.github/workflows/drift.yml@refs/heads/main',
    );
  }
});
