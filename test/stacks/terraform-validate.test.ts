import { App } from 'cdktf';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironments } from '../../contracts/environment/load.js';
import { buildApp } from '../../stacks/app.js';
import { environment } from '../support/cdktf.js';
import { findProviderMirror, findTerraform, TerraformDir } from '../support/terraform.js';

// Every stack `npm run synth` makes from environments/, plus the variants those files do not use.
const environments = [
  ...(await loadEnvironments('environments')),
  environment('provisioned-notebook', {
    warehouse:
      'warehouse: { type: provisioned, nodeType: ra3.xlplus, nodeCount: 1, database: rfm }',
    notebook: 'notebook: { enabled: true }',
  }),
  environment('existing-vpc', {
    network:
      'network: { vpcId: vpc-0abc1234, subnetIds: [subnet-0aaa1111, subnet-0bbb2222, subnet-0ccc3333] }',
    quicksight: 'quicksight: { vpcConnection: false }',
  }),
];
const outdir = mkdtempSync(join(tmpdir(), 'workshop-synth-'));
const app = new App({ outdir });
buildApp(app, environments, {
  github: { owner: 'acme', name: 'rfm-workshop', ownerId: '1', repositoryId: '2' },
  stateBucket: 'acme-tfstate',
  stateRegion: 'eu-west-1',
});
app.synth();
const stackIds = readdirSync(join(outdir, 'stacks')).sort();
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('terraform validate, offline from the provider mirror', () => {
  test('terraform and the provider mirror are installed', () => {
    expect(findTerraform()).toMatch(/terraform/);
    expect(findProviderMirror()).toBeTruthy();
  });

  test('a missing mirror says what to install', () => {
    expect(() => findProviderMirror({}, ['/nonexistent/mirror'])).toThrow(
      /no Terraform provider mirror with registry.terraform.io\/hashicorp\/aws 5\.100\.0; looked in \/nonexistent\/mirror.*set TF_PLUGIN_MIRROR/,
    );
  });

  test('synthesizes the bootstrap stack and one stack per team', () => {
    expect(stackIds).toEqual(['bootstrap', ...environments.map((e) => `team-${e.team}`)].sort());
  });

  test.each(stackIds)(
    '%s initializes without network and validates',
    async (id) => {
      const tf = new TerraformDir(join(outdir, 'stacks', id));
      // The S3 backend needs credentials; validation does not need a backend.
      await tf.init({ backend: false });
      const result = await tf.validate();
      expect(result.stdout).toMatch(/The configuration is valid/);
    },
    120_000,
  );
});
