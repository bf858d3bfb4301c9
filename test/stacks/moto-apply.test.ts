import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStackOutputs } from '../../contracts/stack-outputs.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { plannedChanges } from '../support/terraform.js';
import { initMotoTeamStack, motoTeamEnvironment } from './moto-team-stack.js';

/**
 * What a second plan against moto wants to change although nothing changed, because moto does not
 * store these fields: cluster settings it ignores (and a -1 retention it keeps as 0), notebook
 * metadata options, and the descriptions of security group rules.
 */
const KNOWN_MOTO_DRIFT: Record<string, readonly string[]> = {
  aws_redshift_cluster: [
    'default_iam_role_arn',
    'maintenance_track_name',
    'manual_snapshot_retention_period',
    'master_password_secret_kms_key_id',
    'preferred_maintenance_window',
  ],
  aws_sagemaker_notebook_instance: ['instance_metadata_service_configuration'],
  aws_vpc_security_group_egress_rule: ['description'],
  aws_vpc_security_group_ingress_rule: ['description'],
};

const env = motoTeamEnvironment('moto-team', { notebook: 'notebook: { enabled: true }' });

const outdir = mkdtempSync(join(tmpdir(), 'workshop-moto-'));
let moto: MotoServer | undefined;
afterAll(async () => {
  await moto?.stop();
  rmSync(outdir, { recursive: true, force: true });
});

test('a team stack plans, applies, reports its outputs and destroys against moto', async () => {
  moto = await startMoto();
  const tf = await initMotoTeamStack(outdir, env, moto.url);
  const plan = await tf.run(['plan', '-input=false', '-out=tfplan'], 60_000);
  expect(plan.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
  // About a minute: the provider re-reads a new bucket lifecycle configuration until it is stable.
  const apply = await tf.run(['apply', '-input=false', '-auto-approve', 'tfplan'], 150_000);
  expect(apply.stdout).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);

  const outputs = readStackOutputs((await tf.run(['output', '-json'], 30_000)).stdout);
  expect(outputs).toMatchObject({
    region: 'eu-west-1',
    dataBucket: expect.stringMatching(/^workshop-moto-team-data-/),
    dataPrefix: 'moto-team/',
    modelPackageGroup: 'workshop-moto-team-segments',
    warehouse: { type: 'provisioned', clusterId: 'workshop-moto-team', database: 'rfm' },
    // Training jobs run in the team's private subnets (one per Availability Zone).
    trainingVpc: {
      subnetIds: [expect.stringMatching(/^subnet-/), expect.stringMatching(/^subnet-/)],
      securityGroupIds: [expect.stringMatching(/^sg-/)],
    },
  });

  // -detailed-exitcode: 0 no changes, 2 changes; only moto's known drift may show up.
  await tf.run(
    ['plan', '-input=false', '-detailed-exitcode', '-out=second.tfplan'],
    60_000,
    [0, 2],
  );
  const drift = plannedChanges(await tf.showPlan('second.tfplan'));
  const unexpected = drift.filter(
    (c) =>
      c.actions !== 'update' ||
      !c.attributes.every((a) => (KNOWN_MOTO_DRIFT[c.type] ?? []).includes(a)),
  );
  expect(unexpected).toEqual([]);

  // State is fresh from the second plan, so skip another refresh.
  const destroy = await tf.run(
    ['destroy', '-input=false', '-auto-approve', '-refresh=false'],
    90_000,
  );
  expect(destroy.stdout).toMatch(/Destroy complete! Resources: \d+ destroyed/);
  expect((await tf.run(['state', 'list'], 30_000)).stdout.trim()).toBe('');
}, 300_000);
