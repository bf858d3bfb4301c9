/**
 * An account for the IAM rehearsal: the bootstrap stack and team stacks applied with Terraform to
 * one moto server, what they created read back from Terraform's state, an administrator for what
 * the services themselves do (Redshift's COPY and UNLOAD, the training container), and moto's IAM
 * enforcement switched on.
 */
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { App, type TerraformStack } from 'cdktf';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Environment } from '../../../contracts/environment/schema.js';
import { readStackOutputs, type StackOutputs } from '../../../contracts/stack-outputs.js';
import { BootstrapStack } from '../../../stacks/bootstrap-stack.js';
import { WorkshopStack } from '../../../stacks/workshop-stack.js';
import { botoCalls, type SessionCredentials } from '../../support/moto-calls.js';
import { startMoto, type MotoServer } from '../../support/moto.js';
import { TerraformDir } from '../../support/terraform.js';
import type { PolicyDoc } from './synthesized-policies.js';

/** The account moto serves, and the region of every stack. */
export const MOTO_ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const roleArn = (name: string): string => `arn:aws:iam::${MOTO_ACCOUNT}:role/${name}`;
export const REPOSITORY = { owner: 'acme', name: 'rfm-workshop' };
export const STATE_BUCKET = 'acme-tfstate';
/** The IAM user the services' own work runs as (COPY, UNLOAD, the training container). */
export const SERVICES_USER = 'rehearsal-services';

/** The parts of a Terraform state file (format version 4) the rehearsal reads. */
interface TerraformState {
  readonly outputs: Record<string, { value: unknown }>;
  readonly resources: ReadonlyArray<{
    readonly mode: string;
    readonly type: string;
    readonly name: string;
    readonly instances: ReadonlyArray<{ readonly attributes: Record<string, unknown> }>;
  }>;
}

/** One resource instance as Terraform recorded it. */
export interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly values: Record<string, unknown>;
}

/**
 * Leaves out the buckets' lifecycle rules (`count = 0`): the provider re-reads a new lifecycle
 * configuration until it has seen the same rules for about a minute, and they grant nothing.
 */
function withoutLifecycleRules(stack: TerraformStack): void {
  for (const c of stack.node.findAll()) {
    if (c instanceof S3BucketLifecycleConfiguration) c.addOverride('count', 0);
  }
}

export interface RehearsalAccount {
  readonly moto: MotoServer;
  /** Each team stack's outputs, as the deploy workflow exports them. */
  readonly outputs: ReadonlyMap<string, StackOutputs>;
  /** Every resource of every stack, as Terraform recorded it. */
  readonly resources: readonly StateResource[];
  /** An IAM user allowed everything, for the services' own work. */
  readonly admin: SessionCredentials;
  /** The resource of `type` whose attribute `key` is `value`; fails naming what is missing. */
  find(type: string, key: string, value: unknown): StateResource;
  all(type: string): StateResource[];
  /** Inline and attached policies and the permissions boundary of a role, as applied. */
  rolePolicies(role: string): {
    identityPolicies: Array<{ name: string; policy: PolicyDoc }>;
    boundary?: PolicyDoc;
  };
  stop(): Promise<void>;
}

/** Applies the bootstrap stack and a stack per team in `teams` to a new moto server. */
export async function applyRehearsalAccount(
  teams: readonly Environment[],
): Promise<RehearsalAccount> {
  const moto = await startMoto();
  const outdir = await mkdtemp(join(tmpdir(), 'iam-rehearsal-'));
  const stop = async () => {
    await moto.stop();
    await rm(outdir, { recursive: true, force: true });
  };
  try {
    const emulator = { url: moto.url };
    const app = new App({ outdir });
    const stacks = [
      new BootstrapStack(app, 'bootstrap', {
        region: REGION,
        stateBucket: STATE_BUCKET,
        backend: { kind: 'local' },
        repository: REPOSITORY,
        environments: teams,
        emulator,
      }),
      ...teams.map(
        (environment) =>
          new WorkshopStack(app, `team-${environment.team}`, {
            environment,
            backend: { kind: 'local' },
            emulator,
          }),
      ),
    ];
    stacks.forEach(withoutLifecycleRules);
    app.synth();
    const dirs = stacks.map((s) => new TerraformDir(join(outdir, 'stacks', s.node.id)));
    // The stacks share nothing Terraform must order (the bootstrap holds the deploy roles, the
    // team stacks only name them), so they apply side by side.
    await Promise.all(
      dirs.map(async (tf) => {
        await tf.init();
        await tf.run(['apply', '-input=false', '-auto-approve'], 150_000);
      }),
    );
    // Read from the local state files: each terraform command would load the provider's schema.
    const outputs = new Map<string, StackOutputs>();
    const resources: StateResource[] = [];
    for (const [i, tf] of dirs.entries()) {
      const file = join(tf.dir, 'terraform.tfstate');
      const state = JSON.parse(await readFile(file, 'utf8')) as TerraformState;
      for (const r of state.resources.filter((r) => r.mode === 'managed')) {
        for (const instance of r.instances) {
          resources.push({
            address: `${r.type}.${r.name}`,
            type: r.type,
            values: instance.attributes,
          });
        }
      }
      const team = teams[i - 1];
      if (team !== undefined)
        outputs.set(team.team, readStackOutputs(JSON.stringify(state.outputs), file));
    }

    // Made before enforcement, with the credentials moto takes for its root while it is off.
    const root = { AccessKeyId: 'test', SecretAccessKey: 'test' };
    const adminPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    const user = { UserName: SERVICES_USER };
    const made = await botoCalls(moto, root, [
      { service: 'iam', operation: 'CreateUser', params: user },
      {
        service: 'iam',
        operation: 'PutUserPolicy',
        params: { ...user, PolicyName: 'all', PolicyDocument: adminPolicy },
      },
      { service: 'iam', operation: 'CreateAccessKey', params: user },
    ]);
    const failed = made.find((r) => !r.ok);
    if (failed !== undefined || made[2]?.ok !== true)
      throw new Error(`cannot make the services user: ${JSON.stringify(failed)}`);
    const key = made[2].response.AccessKey as { AccessKeyId: string; SecretAccessKey: string };
    const enforced = await fetch(`${moto.url}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    if (!enforced.ok) throw new Error(`moto refused to enforce IAM: HTTP ${enforced.status}`);

    const all = (type: string) => resources.filter((r) => r.type === type);
    const find = (type: string, k: string, value: unknown): StateResource => {
      const found = all(type).find((r) => r.values[k] === value);
      if (found === undefined)
        throw new Error(`no ${type} with ${k} = ${String(value)} in the state`);
      return found;
    };
    const parse = (json: unknown) => JSON.parse(String(json)) as PolicyDoc;
    return {
      moto,
      outputs,
      resources,
      admin: { AccessKeyId: key.AccessKeyId, SecretAccessKey: key.SecretAccessKey },
      find,
      all,
      rolePolicies(role) {
        const inline = all('aws_iam_role_policy')
          .filter((p) => p.values.role === role)
          .map((p) => ({ name: String(p.values.name), policy: parse(p.values.policy) }));
        const attached = all('aws_iam_role_policy_attachment')
          .filter((a) => a.values.role === role)
          .map((a) => find('aws_iam_policy', 'arn', a.values.policy_arn))
          .map((p) => ({ name: String(p.values.name), policy: parse(p.values.policy) }));
        const boundaryArn = find('aws_iam_role', 'name', role).values.permissions_boundary;
        return {
          identityPolicies: [...inline, ...attached],
          ...(typeof boundaryArn === 'string' && boundaryArn !== ''
            ? { boundary: parse(find('aws_iam_policy', 'arn', boundaryArn).values.policy) }
            : {}),
        };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
