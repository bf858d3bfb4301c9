import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { RedshiftCluster } from '@cdktf/provider-aws/lib/redshift-cluster/index.js';
import { RedshiftserverlessNamespace } from '@cdktf/provider-aws/lib/redshiftserverless-namespace/index.js';
import { RedshiftserverlessWorkgroup } from '@cdktf/provider-aws/lib/redshiftserverless-workgroup/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { SagemakerNotebookInstance } from '@cdktf/provider-aws/lib/sagemaker-notebook-instance/index.js';
import { App, Aspects, Testing, TerraformStack } from 'cdktf';
import { SecurityAspect } from '../../../stacks/aspects/security.js';
import { SecureBucket } from '../../../stacks/constructs/secure-bucket.js';
import { TeamNotebook } from '../../../stacks/constructs/notebook.js';
import { synthErrors } from '../../support/cdktf.js';

/** A stack with the security aspect, `build` applied to it, and the errors a synth raises. */
function errorsFor(build: (stack: TerraformStack) => void): string[] {
  const stack = new TerraformStack(Testing.app(), 'stack');
  Aspects.of(stack).add(new SecurityAspect());
  build(stack);
  return synthErrors(stack);
}

/** A case: what a stack holds, how to build it, and the errors it must raise, in order. */
type Case = [string, (stack: TerraformStack) => void, RegExp[]];
const expectErrors = (...[, build, expected]: Case) =>
  expect(errorsFor(build)).toEqual(expected.map((e) => expect.stringMatching(e)));

/** A SageMaker notebook with only the required fields set. */
const NOTEBOOK = { name: 'n', instanceType: 'ml.t3.medium', roleArn: 'r' };

const policy = (statement: object) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/abc';

describe('SecurityAspect', () => {
  describe('iam-no-wildcard-actions', () => {
    test.each([
      ['"*"', '*'],
      ['a service wildcard', 's3:*'],
    ])('flags an inline role policy allowing %s on "*"', (_, action) => {
      const errors = errorsFor((s) => {
        new IamRolePolicy(s, 'admin', {
          role: 'r',
          policy: policy({ Sid: 'Everything', Effect: 'Allow', Action: [action], Resource: '*' }),
        });
      });
      expect(errors).toEqual([
        expect.stringMatching(
          new RegExp(
            `^\\[iam-no-wildcard-actions\\] aws_iam_role_policy "stack/admin": statement "Everything" allows "${action.replace('*', '\\*')}" on "\\*"`,
          ),
        ),
      ]);
    });

    test('flags managed policies, role inline policies and policy documents too', () => {
      const errors = errorsFor((s) => {
        const star = policy({ Effect: 'Allow', Action: 'iam:*', Resource: ['*'] });
        new IamPolicy(s, 'managed', { policy: star });
        new IamRole(s, 'role', {
          assumeRolePolicy: '{}',
          inlinePolicy: [{ name: 'x', policy: star }],
        });
        new DataAwsIamPolicyDocument(s, 'doc', {
          statement: [{ actions: ['*'], resources: ['*'] }],
        });
      });
      expect(errors).toHaveLength(3);
      expect(errors.join('\n')).toMatch(/aws_iam_policy "stack\/managed"/);
      expect(errors.join('\n')).toMatch(/aws_iam_role "stack\/role"/);
      expect(errors.join('\n')).toMatch(/aws_iam_policy_document "stack\/doc"/);
    });

    test('allows specific actions on "*", wildcards on named resources, and denials', () => {
      const errors = errorsFor((s) => {
        new IamRolePolicy(s, 'fine', {
          role: 'r',
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
              { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::team-bucket/*' },
              { Effect: 'Allow', Action: 's3:Get*', Resource: '*' },
              { Effect: 'Deny', Action: '*', Resource: '*' },
            ],
          }),
        });
      });
      expect(errors).toEqual([]);
    });
  });

  describe('s3-bucket-encryption and s3-bucket-public-access-block', () => {
    test.each<Case>([
      [
        'flags a bare bucket on both rules',
        (s) => new S3Bucket(s, 'bare', { bucketPrefix: 'bare-' }),
        [
          /^\[s3-bucket-encryption\] aws_s3_bucket "stack\/bare": no server-side encryption/,
          /^\[s3-bucket-public-access-block\] aws_s3_bucket "stack\/bare": no public access block/,
        ],
      ],
      [
        'passes a SecureBucket, also one named by a literal bucket name',
        (s) => new SecureBucket(s, 'b', { bucketName: 'named-b', kmsKeyArn: KEY }),
        [],
      ],
    ])('%s', expectErrors);

    test('flags AES256-only encryption and a partial public access block', () => {
      const errors = errorsFor((s) => {
        const b = new S3Bucket(s, 'weak', { bucketPrefix: 'weak-' });
        new S3BucketServerSideEncryptionConfigurationA(s, 'sse', {
          bucket: b.id,
          rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
        });
        new S3BucketPublicAccessBlock(s, 'pab', {
          bucket: b.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: false,
        });
      });
      expect(errors).toHaveLength(2);
      expect(errors[0]).toMatch(/^\[s3-bucket-encryption\] aws_s3_bucket "stack\/weak"/);
      expect(errors[1]).toMatch(/^\[s3-bucket-public-access-block\] aws_s3_bucket "stack\/weak"/);
    });

    test("does not credit one bucket's settings to another", () => {
      const errors = errorsFor((s) => {
        new SecureBucket(s, 'good', { bucketPrefix: 'good-', kmsKeyArn: KEY });
        new S3Bucket(s, 'other', { bucketPrefix: 'other-' });
      });
      expect(errors).toHaveLength(2);
      expect(errors.every((e) => e.includes('"stack/other"'))).toBe(true);
    });
  });

  describe('redshift-encryption and redshift-not-public', () => {
    test.each<Case>([
      [
        'flags an unencrypted cluster that is public by default',
        (s) =>
          new RedshiftCluster(s, 'cluster', { clusterIdentifier: 'c', nodeType: 'ra3.xlplus' }),
        [
          /^\[redshift-encryption\] aws_redshift_cluster "stack\/cluster": the cluster is not encrypted/,
          /^\[redshift-not-public\] aws_redshift_cluster "stack\/cluster": the cluster may be publicly accessible/,
        ],
      ],
      [
        'flags a namespace without a customer key and a public workgroup',
        (s) => {
          new RedshiftserverlessNamespace(s, 'ns', { namespaceName: 'n' });
          new RedshiftserverlessWorkgroup(s, 'wg', {
            namespaceName: 'n',
            workgroupName: 'w',
            publiclyAccessible: true,
          });
        },
        [
          /^\[redshift-encryption\] aws_redshiftserverless_namespace "stack\/ns"/,
          /^\[redshift-not-public\] aws_redshiftserverless_workgroup "stack\/wg"/,
        ],
      ],
      [
        'passes an encrypted private cluster',
        (s) =>
          new RedshiftCluster(s, 'cluster', {
            clusterIdentifier: 'c',
            nodeType: 'ra3.xlplus',
            encrypted: true,
            kmsKeyId: KEY,
            publiclyAccessible: false,
          }),
        [],
      ],
    ])('%s', expectErrors);
  });

  describe('notebook-no-root-access and notebook-no-direct-internet', () => {
    test.each<Case>([
      [
        'flags a notebook left at the defaults',
        (s) => new SagemakerNotebookInstance(s, 'nb', NOTEBOOK),
        [
          /^\[notebook-no-root-access\] aws_sagemaker_notebook_instance "stack\/nb": root access/,
          /^\[notebook-no-direct-internet\] aws_sagemaker_notebook_instance "stack\/nb": direct internet/,
        ],
      ],
      [
        'passes the team notebook',
        (s) =>
          new TeamNotebook(s, 'nb', {
            name: 'n',
            roleArn: 'r',
            kmsKeyArn: KEY,
            subnetId: 'subnet-0aaa1111',
            securityGroupIds: ['sg-1'],
          }),
        [],
      ],
    ])('%s', expectErrors);
  });

  test('an error fails app synth, naming the rule and the resource', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const stack = new TerraformStack(app, 'bad');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    Aspects.of(stack).add(new SecurityAspect());
    new SagemakerNotebookInstance(stack, 'nb', {
      ...NOTEBOOK,
      rootAccess: 'Disabled',
      directInternetAccess: 'Disabled',
    });
    new S3Bucket(stack, 'bare', { bucketPrefix: 'bare-' });
    expect(() => app.synth()).toThrow(/\[s3-bucket-encryption\] aws_s3_bucket "bad\/bare"/);
  });
});
