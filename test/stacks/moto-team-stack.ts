import { App } from 'cdktf';
import { join } from 'node:path';
import type { Environment } from '../../contracts/environment/schema.js';
import { WorkshopStack } from '../../stacks/workshop-stack.js';
import { environment } from '../support/cdktf.js';
import { TerraformDir } from '../support/terraform.js';

/**
 * A team environment that moto can stand up: moto has no Redshift Serverless and no QuickSight VPC
 * connections, so a provisioned warehouse and no VPC connection; `sections` adds or replaces more.
 */
export function motoTeamEnvironment(
  team: string,
  sections: Record<string, string> = {},
): Environment {
  return environment(team, {
    warehouse:
      'warehouse: { type: provisioned, nodeType: ra3.xlplus, nodeCount: 1, database: rfm }',
    quicksight: 'quicksight: { vpcConnection: false }',
    ...sections,
  });
}

/**
 * Synthesizes the team stack of `env` (local state, AWS calls to moto at `motoUrl`) into `outdir`
 * and runs `terraform init` on it; returns the stack's Terraform folder.
 */
export async function initMotoTeamStack(
  outdir: string,
  env: Environment,
  motoUrl: string,
): Promise<TerraformDir> {
  const stackName = `team-${env.team}`;
  const app = new App({ outdir });
  new WorkshopStack(app, stackName, {
    environment: env,
    backend: { kind: 'local' },
    emulator: { url: motoUrl },
  });
  app.synth();
  const tf = new TerraformDir(join(outdir, 'stacks', stackName));
  await tf.init();
  return tf;
}
