/**
 * What IAM knows about the rehearsal's account at request time, read from Terraform's state and
 * the stack outputs: keys behind buckets and secrets, aliases, tags, boundaries, resource
 * policies, and each role's policies.
 */
import type { AccountFacts } from './authorization.js';
import { MOTO_ACCOUNT, REGION, roleArn, type RehearsalAccount } from './rehearsal-account.js';
import type { Caller } from './simulator.js';
import type { PolicyDoc } from './synthesized-policies.js';

/** What IAM knows about the applied resources, from Terraform's state and the stack outputs. */
export function accountFacts(a: RehearsalAccount): AccountFacts {
  const tagsByArn = new Map<string, Record<string, string>>();
  for (const r of a.resources) {
    const arn = r.values.arn;
    const tags = r.values.tags_all;
    if (typeof arn === 'string' && tags !== null && typeof tags === 'object') {
      tagsByArn.set(arn, tags as Record<string, string>);
    }
  }
  return {
    account: MOTO_ACCOUNT,
    region: REGION,
    bucketKey: (bucket) => {
      const config = a
        .all('aws_s3_bucket_server_side_encryption_configuration')
        .find((r) => r.values.bucket === bucket);
      const rule = (
        config?.values.rule as
          | Array<{ apply_server_side_encryption_by_default: Array<{ kms_master_key_id: string }> }>
          | undefined
      )?.[0];
      return rule?.apply_server_side_encryption_by_default[0]?.kms_master_key_id;
    },
    keyAliases: (keyArn) =>
      a
        .all('aws_kms_alias')
        .filter((r) => r.values.target_key_arn === keyArn)
        .map((r) => String(r.values.name)),
    // The stack gives Redshift's managed admin secret the team key (redshift-cluster-warehouse.ts).
    secretKey: (secretArn) =>
      [...a.outputs.values()].find((o) => o.warehouse.secretArn === secretArn)?.kmsKeyArn,
    resourceTags: (arn) => tagsByArn.get(arn) ?? {},
    roleBoundary: (arn) => {
      const role = a.all('aws_iam_role').find((r) => r.values.arn === arn);
      const boundary = role?.values.permissions_boundary;
      return typeof boundary === 'string' && boundary !== '' ? boundary : undefined;
    },
  };
}

/** The key policy of a key, or the bucket policy of a bucket or object, as applied. */
export function resourcePolicyOf(a: RehearsalAccount): (resource: string) => PolicyDoc | undefined {
  return (resource) => {
    if (resource.startsWith('arn:aws:kms:')) {
      const key = a.all('aws_kms_key').find((r) => r.values.arn === resource);
      return key === undefined ? undefined : (JSON.parse(String(key.values.policy)) as PolicyDoc);
    }
    if (resource.startsWith('arn:aws:s3:::')) {
      const bucket = resource.slice('arn:aws:s3:::'.length).split('/')[0];
      const policy = a.all('aws_s3_bucket_policy').find((r) => r.values.bucket === bucket);
      return policy === undefined
        ? undefined
        : (JSON.parse(String(policy.values.policy)) as PolicyDoc);
    }
    return undefined;
  };
}

/** A session of the role `name` as the simulator sees it: its policies and boundary, as applied. */
export function roleCaller(a: RehearsalAccount, name: string): Caller {
  return { principal: roleArn(name), ...a.rolePolicies(name) };
}
