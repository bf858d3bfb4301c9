/**
 * What team retail's deploy role must never do, each as the API call that would do it: change
 * its own role or boundary, make users or keys, or touch team retail-bank's bucket, roles, key,
 * secret, VPC, warehouse, model packages or dashboard.
 */
import type { StackOutputs } from '../../../contracts/stack-outputs.js';
import { deployRoleName } from '../../../contracts/naming.js';
import type { ApiCall } from './authorization.js';
import { MOTO_ACCOUNT, REGION, roleArn } from './rehearsal-account.js';

/** Names and ARNs the deny list needs. */
export interface DenyContext {
  readonly own: StackOutputs;
  readonly other: StackOutputs;
  readonly otherVpc: string;
  readonly stateKey: string;
  readonly boundary: (team: string) => string;
}

export const ALLOW_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});
const TRUST_ACCOUNT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${MOTO_ACCOUNT}:root` },
      Action: 'sts:AssumeRole',
    },
  ],
});
const call = (service: string, operation: string, input: Record<string, unknown>): ApiCall => ({
  service,
  operation,
  input,
});
const ISOLATED_JOB = (c: DenyContext, roleArn: string) => ({
  TrainingJobName: 'retail-kmeans-20260301-110000-000',
  AlgorithmSpecification: { TrainingImage: 'kmeans:1', TrainingInputMode: 'File' },
  RoleArn: roleArn,
  OutputDataConfig: {
    S3OutputPath: `s3://${c.own.dataBucket}/retail/models/`,
    KmsKeyId: c.own.kmsKeyArn,
  },
  ResourceConfig: {
    InstanceType: 'ml.c5.xlarge',
    InstanceCount: 1,
    VolumeSizeInGB: 10,
    VolumeKmsKeyId: c.own.kmsKeyArn,
  },
  VpcConfig: {
    Subnets: [...(c.own.trainingVpc?.subnetIds ?? [])],
    SecurityGroupIds: [...(c.own.trainingVpc?.securityGroupIds ?? [])],
  },
  EnableNetworkIsolation: true,
  StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  Tags: [{ Key: 'team', Value: 'retail' }],
});
const qs = (team: string) => ({ AwsAccountId: MOTO_ACCOUNT, DashboardId: `rfm-${team}` });

/**
 * What team retail's deploy role must never do, made with the credentials the pipeline ran with:
 * through the SDK clients behind the gate where the project has one (`sdk`), else boto3.
 */
export const DENY_LIST: ReadonlyArray<
  readonly [string, 'sdk' | 'boto', (c: DenyContext) => ApiCall]
> = [
  // Its own role and boundary.
  [
    'own role: an inline policy',
    'boto',
    () =>
      call('iam', 'PutRolePolicy', {
        RoleName: deployRoleName('retail'),
        PolicyName: 'x',
        PolicyDocument: ALLOW_ALL,
      }),
  ],
  [
    'own role: AdministratorAccess',
    'boto',
    () =>
      call('iam', 'AttachRolePolicy', {
        RoleName: deployRoleName('retail'),
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
  ],
  [
    'own role: its trust policy',
    'boto',
    () =>
      call('iam', 'UpdateAssumeRolePolicy', {
        RoleName: deployRoleName('retail'),
        PolicyDocument: TRUST_ACCOUNT,
      }),
  ],
  [
    'own role: a boundary',
    'boto',
    (c) =>
      call('iam', 'PutRolePermissionsBoundary', {
        RoleName: deployRoleName('retail'),
        PermissionsBoundary: c.boundary('retail'),
      }),
  ],
  [
    'own boundary: a new default version',
    'boto',
    (c) =>
      call('iam', 'CreatePolicyVersion', {
        PolicyArn: c.boundary('retail'),
        PolicyDocument: ALLOW_ALL,
        SetAsDefault: true,
      }),
  ],
  [
    'own Redshift role: boundary removed',
    'boto',
    () => call('iam', 'DeleteRolePermissionsBoundary', { RoleName: 'workshop-retail-redshift' }),
  ],
  [
    "own SageMaker role: retail-bank's boundary",
    'boto',
    (c) =>
      call('iam', 'PutRolePermissionsBoundary', {
        RoleName: 'workshop-retail-sagemaker',
        PermissionsBoundary: c.boundary('retail-bank'),
      }),
  ],
  // New identities and credentials.
  ['a new user', 'boto', () => call('iam', 'CreateUser', { UserName: 'intruder' })],
  [
    "an access key for the services' user",
    'boto',
    () => call('iam', 'CreateAccessKey', { UserName: 'rehearsal-services' }),
  ],
  [
    'its SageMaker role, assumed',
    'boto',
    () =>
      call('sts', 'AssumeRole', {
        RoleArn: roleArn('workshop-retail-sagemaker'),
        RoleSessionName: 'chain',
      }),
  ],
  // Team retail-bank's resources.
  [
    "retail-bank's bucket: an upload",
    'sdk',
    (c) =>
      call('s3', 'PutObject', {
        Bucket: c.other.dataBucket,
        Key: 'retail-bank/loads/x.csv',
        Body: 'x',
      }),
  ],
  [
    "retail-bank's bucket: its files",
    'sdk',
    (c) =>
      call('s3', 'GetObject', { Bucket: c.other.dataBucket, Key: 'retail-bank/incoming/x.csv' }),
  ],
  [
    "retail-bank's bucket: its policy",
    'sdk',
    (c) => call('s3', 'PutBucketPolicy', { Bucket: c.other.dataBucket, Policy: ALLOW_ALL }),
  ],
  [
    "retail-bank's bucket: deleted",
    'sdk',
    (c) => call('s3', 'DeleteBucket', { Bucket: c.other.dataBucket }),
  ],
  [
    "own bucket: retail-bank's prefix",
    'sdk',
    (c) =>
      call('s3', 'PutObject', {
        Bucket: c.own.dataBucket,
        Key: 'retail-bank/loads/x.csv',
        Body: 'x',
      }),
  ],
  [
    "retail-bank's deploy role: an inline policy",
    'boto',
    () =>
      call('iam', 'PutRolePolicy', {
        RoleName: deployRoleName('retail-bank'),
        PolicyName: 'x',
        PolicyDocument: ALLOW_ALL,
      }),
  ],
  [
    "retail-bank's SageMaker role: its trust policy",
    'boto',
    () =>
      call('iam', 'UpdateAssumeRolePolicy', {
        RoleName: 'workshop-retail-bank-sagemaker',
        PolicyDocument: TRUST_ACCOUNT,
      }),
  ],
  [
    "retail-bank's SageMaker role: passed to a job",
    'sdk',
    (c) =>
      call(
        'sagemaker',
        'CreateTrainingJob',
        ISOLATED_JOB(c, roleArn('workshop-retail-bank-sagemaker')),
      ),
  ],
  [
    "retail-bank's key: decrypt",
    'boto',
    (c) => call('kms', 'Decrypt', { KeyId: c.other.kmsKeyArn, CiphertextBlob: 'x' }),
  ],
  [
    "retail-bank's key: scheduled for deletion",
    'boto',
    (c) => call('kms', 'ScheduleKeyDeletion', { KeyId: c.other.kmsKeyArn, PendingWindowInDays: 7 }),
  ],
  [
    "retail-bank's key: its key policy",
    'boto',
    (c) =>
      call('kms', 'PutKeyPolicy', {
        KeyId: c.other.kmsKeyArn,
        PolicyName: 'default',
        Policy: ALLOW_ALL,
      }),
  ],
  [
    'the state key: tagged for retail',
    'boto',
    (c) =>
      call('kms', 'TagResource', {
        KeyId: c.stateKey,
        Tags: [{ TagKey: 'team', TagValue: 'retail' }],
      }),
  ],
  [
    "retail-bank's secret: read",
    'boto',
    (c) => call('secretsmanager', 'GetSecretValue', { SecretId: c.other.warehouse.secretArn }),
  ],
  [
    "retail-bank's secret: deleted",
    'boto',
    (c) => call('secretsmanager', 'DeleteSecret', { SecretId: c.other.warehouse.secretArn }),
  ],
  ["retail-bank's VPC: deleted", 'boto', (c) => call('ec2', 'DeleteVpc', { VpcId: c.otherVpc })],
  [
    "retail-bank's security group: opened",
    'boto',
    (c) =>
      call('ec2', 'AuthorizeSecurityGroupIngress', {
        GroupId: c.other.trainingVpc?.securityGroupIds[0],
        IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
  ],
  [
    "retail-bank's warehouse: SQL through the Data API",
    'sdk',
    (c) =>
      call('redshift-data', 'ExecuteStatement', {
        ClusterIdentifier: 'workshop-retail-bank',
        Database: 'rfm',
        SecretArn: c.other.warehouse.secretArn,
        Sql: 'select * from customer_features',
      }),
  ],
  [
    "retail-bank's warehouse: deleted",
    'boto',
    () =>
      call('redshift', 'DeleteCluster', {
        ClusterIdentifier: 'workshop-retail-bank',
        SkipFinalClusterSnapshot: true,
      }),
  ],
  [
    "retail-bank's warehouse: a new admin password",
    'boto',
    () =>
      call('redshift', 'ModifyCluster', {
        ClusterIdentifier: 'workshop-retail-bank',
        MasterUserPassword: 'Intruder-1234',
      }),
  ],
  [
    "retail-bank's model packages: a new version",
    'sdk',
    (c) =>
      call('sagemaker', 'CreateModelPackage', {
        ModelPackageGroupName: c.other.modelPackageGroup,
        ModelApprovalStatus: 'Approved',
        InferenceSpecification: {
          Containers: [
            {
              Image: 'kmeans:1',
              ModelDataUrl: `s3://${c.own.dataBucket}/retail/models/x/model.tar.gz`,
            },
          ],
          SupportedContentTypes: ['text/csv'],
          SupportedResponseMIMETypes: ['text/csv'],
        },
      }),
  ],
  [
    "retail-bank's model packages: one approved",
    'sdk',
    (c) =>
      call('sagemaker', 'UpdateModelPackage', {
        ModelPackageArn: `arn:aws:sagemaker:${REGION}:${MOTO_ACCOUNT}:model-package/${c.other.modelPackageGroup}/1`,
        ModelApprovalStatus: 'Approved',
      }),
  ],
  [
    "retail-bank's model packages: one read",
    'sdk',
    (c) =>
      call('sagemaker', 'DescribeModelPackage', {
        ModelPackageName: `arn:aws:sagemaker:${REGION}:${MOTO_ACCOUNT}:model-package/${c.other.modelPackageGroup}/1`,
      }),
  ],
  [
    "retail-bank's dashboard: read",
    'sdk',
    () => call('quicksight', 'DescribeDashboard', qs('retail-bank')),
  ],
  [
    "retail-bank's dashboard: shared",
    'sdk',
    () =>
      call('quicksight', 'UpdateDashboardPermissions', {
        ...qs('retail-bank'),
        GrantPermissions: [
          {
            Principal: roleArn(deployRoleName('retail')),
            Actions: ['quicksight:DescribeDashboard'],
          },
        ],
      }),
  ],
  [
    "retail-bank's dashboard: deleted",
    'sdk',
    () => call('quicksight', 'DeleteDashboard', qs('retail-bank')),
  ],
  [
    "retail-bank's data set: deleted",
    'sdk',
    () =>
      call('quicksight', 'DeleteDataSet', {
        AwsAccountId: MOTO_ACCOUNT,
        DataSetId: 'rfm-retail-bank-customers',
      }),
  ],
  [
    "retail-bank's data source: read into a data set of retail",
    'sdk',
    () =>
      call('quicksight', 'CreateDataSet', {
        AwsAccountId: MOTO_ACCOUNT,
        DataSetId: 'rfm-retail-stolen',
        Name: 'stolen',
        ImportMode: 'DIRECT_QUERY',
        PhysicalTableMap: {
          t: {
            CustomSql: {
              DataSourceArn: `arn:aws:quicksight:${REGION}:${MOTO_ACCOUNT}:datasource/rfm-retail-bank-warehouse`,
              Name: 't',
              SqlQuery: 'select 1',
              Columns: [{ Name: 'x', Type: 'INTEGER' }],
            },
          },
        },
        Tags: [{ Key: 'team', Value: 'retail' }],
      }),
  ],
  [
    'a data source tagged for retail-bank',
    'sdk',
    () =>
      call('quicksight', 'CreateDataSource', {
        AwsAccountId: MOTO_ACCOUNT,
        DataSourceId: 'rfm-retail-warehouse-2',
        Name: 'x',
        Type: 'REDSHIFT',
        DataSourceParameters: {
          RedshiftParameters: { Database: 'rfm', ClusterId: 'workshop-retail-bank' },
        },
        Tags: [{ Key: 'team', Value: 'retail-bank' }],
      }),
  ],
];
