import { Testing } from 'cdktf';
import { loadEnvironments } from '../../contracts/environment/load.js';
import { buildApp } from '../../stacks/app.js';
import { parseSynth } from '../support/cdktf.js';

const environments = await loadEnvironments('environments');

describe('buildApp', () => {
  test('one stack per environment file, and no bootstrap without a repository', () => {
    const { teams, bootstrap } = buildApp(Testing.app(), environments, {
      stateRegion: 'eu-west-1',
    });
    expect(teams.map((t) => t.node.id)).toEqual(environments.map((e) => `team-${e.team}`));
    expect(bootstrap).toBeUndefined();
    const backend = parseSynth(Testing.synth(teams[0]!)).terraform?.backend;
    expect(backend).toEqual({ local: { path: 'terraform.tfstate' } });
  });

  test('with a repository and a state bucket: a bootstrap stack, and team state in S3', () => {
    const { teams, bootstrap } = buildApp(Testing.app(), environments, {
      github: { owner: 'acme', name: 'rfm-workshop' },
      stateBucket: 'acme-tfstate',
      stateRegion: 'eu-central-1',
    });
    expect(bootstrap?.node.id).toBe('bootstrap');
    const team = parseSynth(Testing.synth(teams[0]!));
    expect(team.terraform?.backend).toEqual({
      s3: {
        bucket: 'acme-tfstate',
        key: `teams/${environments[0]!.team}/terraform.tfstate`,
        region: 'eu-central-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
    const boot = parseSynth(Testing.synth(bootstrap!));
    expect(Object.values(boot.resource!.aws_s3_bucket!)[0]).toMatchObject({
      bucket: 'acme-tfstate',
      lifecycle: { prevent_destroy: true },
    });
    const roles = Object.values(boot.resource!.aws_iam_role!).map((r) => r.name);
    expect(roles).toEqual(
      expect.arrayContaining([
        'workshop-plan',
        ...environments.map((e) => `workshop-${e.team}-deploy`),
      ]),
    );
  });
});
