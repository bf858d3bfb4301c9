import { App, Testing } from 'cdktf';
import type { Environment } from '../../../contracts/environment/schema.js';
import { buildApp } from '../../../stacks/app.js';
import { environment } from '../../support/cdktf.js';

/** The account, repository and state bucket the policies are resolved for. */
export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const STATE_BUCKET = 'acme-tfstate';
export const STATE_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-4000-8000-00000000aaaa`;
export const OIDC_PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
export const REPOSITORY = { owner: 'acme', name: 'rfm-workshop' };

/** An IAM policy document, parsed. */
export type PolicyDoc = { Version: string; Statement: unknown[] };

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/**
 * Replaces the Terraform references a synthesized policy holds with the values they take in the
 * simulated account; any reference left over fails, naming it.
 */
function resolve(json: string, where: string): string {
  const resolved = json
    .replace(/\$\$\{(aws:[A-Za-z]+)\}/g, '$${$1}')
    .replace(/\$\{data\.aws_partition\.[^}]+\}/g, 'aws')
    .replace(/\$\{data\.aws_caller_identity\.[^}]+\}/g, ACCOUNT)
    .replace(/\$\{aws_kms_key\.[^}]+\.arn\}/g, STATE_KEY_ARN)
    .replace(/\$\{aws_s3_bucket\.[^}]+\.bucket\}/g, STATE_BUCKET)
    .replace(/\$\{aws_s3_bucket\.[^}]+\.arn\}/g, `arn:aws:s3:::${STATE_BUCKET}`)
    .replace(/\$\{aws_iam_openid_connect_provider\.[^}]+\.arn\}/g, OIDC_PROVIDER_ARN);
  const left = /\$\{(?!aws:)[^}]+\}/.exec(resolved);
  if (left !== null) throw new Error(`${where}: unresolved reference ${left[0]}`);
  return resolved;
}

/** One synthesized stack's resources, with their policies resolved. */
export class SynthesizedStack {
  constructor(
    private readonly resources: Resources,
    private readonly name: string,
  ) {}

  private all(type: string): Array<[string, Record<string, unknown>]> {
    return Object.entries(this.resources[type] ?? {});
  }

  /** Parses the resolved policy JSON in `field` of a resource. */
  private doc(type: string, id: string, field: string): PolicyDoc {
    const raw = String(this.resources[type]![id]![field]);
    return JSON.parse(resolve(raw, `${this.name} ${type}.${id}.${field}`)) as PolicyDoc;
  }

  private roleId(roleName: string): string {
    const found = this.all('aws_iam_role').find(([, r]) => r.name === roleName);
    if (found === undefined) throw new Error(`${this.name}: no role ${roleName}`);
    return found[0];
  }

  /** Inline and attached managed policies of the role named `roleName`. */
  identityPolicies(roleName: string): Array<{ name: string; policy: PolicyDoc }> {
    const id = this.roleId(roleName);
    const inline = this.all('aws_iam_role_policy')
      .filter(([, p]) => p.role === `\${aws_iam_role.${id}.id}`)
      .map(([pid, p]) => ({
        name: String(p.name),
        policy: this.doc('aws_iam_role_policy', pid, 'policy'),
      }));
    const attached = this.all('aws_iam_role_policy_attachment')
      .filter(([, a]) => a.role === `\${aws_iam_role.${id}.name}`)
      .map(([, a]) => /^\$\{aws_iam_policy\.([^.]+)\.arn\}$/.exec(String(a.policy_arn))![1]!)
      .map((pid) => ({
        name: String(this.resources.aws_iam_policy![pid]!.name),
        policy: this.doc('aws_iam_policy', pid, 'policy'),
      }));
    return [...inline, ...attached];
  }

  /** The managed policy named `name`. */
  managedPolicy(name: string): PolicyDoc {
    const found = this.all('aws_iam_policy').find(([, p]) => p.name === name);
    if (found === undefined) throw new Error(`${this.name}: no managed policy ${name}`);
    return this.doc('aws_iam_policy', found[0], 'policy');
  }

  /** The permissions boundary ARN on the role named `roleName`. */
  roleBoundary(roleName: string): string {
    const raw = String(this.resources.aws_iam_role![this.roleId(roleName)]!.permissions_boundary);
    return resolve(raw, `${this.name} role ${roleName}`);
  }

  trustPolicy(roleName: string): PolicyDoc {
    return this.doc('aws_iam_role', this.roleId(roleName), 'assume_role_policy');
  }

  /** The policy of the stack's one KMS key. */
  keyPolicy(): PolicyDoc {
    const [[id]] = this.all('aws_kms_key') as [[string, unknown]];
    return this.doc('aws_kms_key', id, 'policy');
  }

  /** Every policy document the stack holds, resolved, as [where, json]. */
  everyPolicy(): Array<[string, string]> {
    const fields: Record<string, string[]> = {
      aws_iam_policy: ['policy'],
      aws_iam_role_policy: ['policy'],
      aws_iam_role: ['assume_role_policy'],
      aws_kms_key: ['policy'],
      aws_s3_bucket_policy: ['policy'],
    };
    return Object.entries(fields).flatMap(([type, names]) =>
      this.all(type).flatMap(([id, r]) =>
        names
          .filter((f) => r[f] !== undefined)
          .map((f): [string, string] => [
            `${this.name} ${type}.${id}`,
            resolve(String(r[f]), `${type}.${id}`),
          ]),
      ),
    );
  }
}

/** Team `retail` (serverless) and team `retail-bank` (provisioned, notebook), as the issue has them. */
export const TEAMS: Environment[] = [
  environment('retail', { owners: "owners: ['@retail', ana@example.com]" }),
  environment('retail-bank', {
    warehouse:
      'warehouse: { type: provisioned, nodeType: ra3.xlplus, nodeCount: 1, database: rfm }',
    notebook: 'notebook: { enabled: true }',
  }),
];

/** Synthesizes the bootstrap stack and both team stacks. */
export function synthesizeWorkshop(environments: readonly Environment[] = TEAMS): {
  bootstrap: SynthesizedStack;
  teams: Map<string, SynthesizedStack>;
} {
  const app = new App({ outdir: Testing.app().outdir });
  const { teams, bootstrap } = buildApp(app, environments, {
    github: REPOSITORY,
    stateBucket: STATE_BUCKET,
    stateRegion: REGION,
  });
  const parse = (stack: Parameters<typeof Testing.synth>[0], name: string): SynthesizedStack =>
    new SynthesizedStack(
      (JSON.parse(Testing.synth(stack)) as { resource: Resources }).resource,
      name,
    );
  return {
    bootstrap: parse(bootstrap!, 'bootstrap'),
    teams: new Map(teams.map((s, i) => [environments[i]!.team, parse(s, s.node.id)])),
  };
}
