import { Testing } from 'cdktf';
import { RedshiftRole } from '../../../stacks/constructs/redshift-role.js';
import { SageMakerRole } from '../../../stacks/constructs/sagemaker-role.js';
import { policiesOf, resourcesOf, type PolicyJson } from '../../support/cdktf.js';

const data = {
  bucketArn: 'arn:aws:s3:::workshop-acme-data-1',
  prefix: 'acme/',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
};
const aws = { partition: 'aws', accountId: '111122223333', region: 'eu-west-1' };
const permissionsBoundaryArn = 'arn:aws:iam::111122223333:policy/workshop-acme-boundary';

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : v;
const allResources = (p: PolicyJson): string[] => p.Statement.flatMap((s) => list(s.Resource));
const trustedServices = (synth: string): unknown =>
  (JSON.parse(String(resourcesOf(synth, 'aws_iam_role')[0]!.assume_role_policy)) as PolicyJson)
    .Statement[0]!.Principal;

describe('RedshiftRole', () => {
  const synth = Testing.synthScope((scope) => {
    new RedshiftRole(scope, 'role', {
      roleName: 'workshop-acme-redshift',
      data,
      accountId: aws.accountId,
      permissionsBoundaryArn,
    });
  });
  const [policy] = policiesOf(synth, 'aws_iam_role_policy');

  test('trusted by Redshift and Redshift Serverless only', () => {
    expect(trustedServices(synth)).toEqual({
      Service: ['redshift.amazonaws.com', 'redshift-serverless.amazonaws.com'],
    });
  });

  test('objects under the team prefix only, listing limited to that prefix', () => {
    const objects = policy!.Statement.find((s) => s.Sid === 'ReadWriteTeamPrefix')!;
    expect(objects.Resource).toBe('arn:aws:s3:::workshop-acme-data-1/acme/*');
    expect(list(objects.Action)).toEqual(expect.arrayContaining(['s3:GetObject', 's3:PutObject']));
    const listing = policy!.Statement.find((s) => s.Sid === 'ListTeamPrefix')!;
    expect(listing.Condition).toEqual({ StringLike: { 's3:prefix': ['acme/*'] } });
  });

  test('no resource beyond the bucket, its prefix and the team key', () => {
    expect(new Set(allResources(policy!))).toEqual(
      new Set([data.bucketArn, `${data.bucketArn}/acme/*`, data.kmsKeyArn]),
    );
  });
});

describe('SageMakerRole', () => {
  const synth = Testing.synthScope((scope) => {
    new SageMakerRole(scope, 'role', {
      roleName: 'workshop-acme-sagemaker',
      aws,
      data,
      permissionsBoundaryArn,
    });
  });
  const [policy] = policiesOf(synth, 'aws_iam_role_policy');

  test('trusted by SageMaker only', () => {
    expect(trustedServices(synth)).toEqual({ Service: 'sagemaker.amazonaws.com' });
  });

  test("pulls only the region's KMeans image", () => {
    const pull = policy!.Statement.find((s) => s.Sid === 'PullKMeansImage')!;
    expect(pull.Resource).toBe('arn:aws:ecr:eu-west-1:438346466558:repository/kmeans');
  });

  test('writes only SageMaker log groups, and resources are the team data, image and logs', () => {
    const logs = policy!.Statement.find((s) => s.Sid === 'WriteLogs')!;
    for (const arn of list(logs.Resource)) {
      expect(arn).toMatch(/^arn:aws:logs:eu-west-1:111122223333:log-group:\/aws\/sagemaker\//);
    }
    const unscoped = policy!.Statement.filter((s) => list(s.Resource).includes('*'));
    expect(unscoped.map((s) => s.Action)).toEqual([
      'ecr:GetAuthorizationToken',
      'cloudwatch:PutMetricData',
    ]);
    expect(unscoped[1]!.Condition).toEqual({
      StringLike: { 'cloudwatch:namespace': '/aws/sagemaker/*' },
    });
  });

  test('network interface permissions only when jobs and the notebook run in the VPC', () => {
    expect(policy!.Statement.some((s) => s.Sid === 'VpcNetworkInterfaces')).toBe(false);
    const withVpc = Testing.synthScope((scope) => {
      new SageMakerRole(scope, 'role', {
        roleName: 'r',
        aws,
        data,
        vpcAccess: true,
        permissionsBoundaryArn,
      });
    });
    const [vpcPolicy] = policiesOf(withVpc, 'aws_iam_role_policy');
    expect(vpcPolicy!.Statement.some((s) => s.Sid === 'VpcNetworkInterfaces')).toBe(true);
  });

  test('fails for a region without a KMeans image', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new SageMakerRole(scope, 'role', {
          roleName: 'r',
          aws: { ...aws, region: 'mars-east-1' },
          data,
          permissionsBoundaryArn,
        });
      }),
    ).toThrow(/not published in region "mars-east-1"/);
  });
});
