import {
  TEAM_TAG,
  aliasedForTeam,
  ownDataApiStatements,
  taggedForTeam,
  type IamStatement,
  type TeamScope,
} from './statement.js';
import { INCOMING_FOLDER, teamDataPrefix } from '../naming.js';
import { teamResources } from './team-resources.js';

/**
 * The AWS calls each pipeline step makes for team T, declared once: the stacks grant exactly these
 * statements to the team's deploy role (which runs the steps), and the tests evaluate them.
 * Sources of the calls: actions/lib/warehouse/redshift-data.ts (every step that runs SQL),
 * actions/lib/load/{aws-loader,s3-upload,redshift-rejects}.ts, actions/lib/segmentation/
 * {sagemaker,training-job,unload,sagemaker-registry,s3-objects}.ts and actions/lib/dashboards/
 * quicksight*.ts (teardown: quicksight-teardown.ts). COPY and UNLOAD run as the team's Redshift role, not as this one.
 */
export const PIPELINE_STEPS = ['migrate', 'load', 'train', 'publish', 'teardown'] as const;
export type PipelineStep = (typeof PIPELINE_STEPS)[number];

/** `aws:RequestTag/team` must be the team: what a step creates carries the team's tag. */
const requestTaggedForTeam = (team: string): NonNullable<IamStatement['Condition']> => ({
  StringEquals: { [`aws:RequestTag/${TEAM_TAG}`]: team },
});

/** Creating `resource` with `actions` (AddTags too where tags are set at creation): only tagged for the team. */
const createTagged = (
  sid: string,
  actions: readonly string[],
  resource: string,
  team: string,
): IamStatement => ({
  Sid: sid,
  Effect: 'Allow',
  Action: actions,
  Resource: [resource],
  Condition: requestTaggedForTeam(team),
});

/**
 * Uploading to `objects` with lib-storage's Upload (load files, derived tables): PutObject, or a
 * multipart upload that it aborts on failure.
 */
const uploadStatement = (sid: string, objects: string): IamStatement => ({
  Sid: sid,
  Effect: 'Allow',
  Action: ['s3:AbortMultipartUpload', 's3:PutObject'],
  Resource: [objects],
});

/** SQL through the Data API on the team's warehouse, with the admin secret Redshift manages. */
function warehouseStatements(scope: TeamScope): IamStatement[] {
  const r = teamResources(scope);
  return [
    {
      Sid: 'RunSqlOnTeamWarehouse',
      Effect: 'Allow',
      Action: ['redshift-data:BatchExecuteStatement', 'redshift-data:ExecuteStatement'],
      Resource: [r.warehouse],
      ...(scope.warehouseType === 'serverless' ? { Condition: taggedForTeam(scope.team) } : {}),
    },
    ownDataApiStatements('FollowOwnStatements'),
    {
      Sid: 'ReadWarehouseSecret',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: [r.adminSecret],
    },
    teamKeyStatement(scope),
  ];
}

/** Encrypt and decrypt with the team's key: S3 objects, the admin secret. */
function teamKeyStatement(scope: TeamScope): IamStatement {
  return {
    Sid: 'UseTeamKey',
    Effect: 'Allow',
    Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'],
    Resource: [teamResources(scope).anyKey],
    Condition: aliasedForTeam(scope.team),
  };
}

function loadStatements(scope: TeamScope): IamStatement[] {
  const r = teamResources(scope);
  return [
    ...warehouseStatements(scope),
    {
      // source.data: bucket — the files the team uploaded, read for the same checks as local ones.
      Sid: 'ListIncomingFiles',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [r.bucket],
      Condition: {
        StringEquals: { 's3:prefix': `${teamDataPrefix(scope.team)}${INCOMING_FOLDER}` },
      },
    },
    {
      Sid: 'ReadIncomingFiles',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: [r.objects(INCOMING_FOLDER)],
    },
    uploadStatement('UploadLoadFiles', r.objects('loads/')),
  ];
}

function trainStatements(scope: TeamScope): IamStatement[] {
  const r = teamResources(scope);
  return [
    ...warehouseStatements(scope),
    // The lifetime values the train step stores (customer_clv), uploaded for Redshift's COPY.
    uploadStatement('UploadDerivedTables', r.objects('loads/derived/')),
    {
      // model.tar.gz that SageMaker wrote, and metrics.json beside it.
      Sid: 'ReadWriteModelArtifacts',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: [r.objects('models/')],
    },
    {
      // Only isolated jobs (no network from the container) in a VPC that encrypt their volume and
      // output with a KMS key; the SageMaker role may use only the team's key, so another key
      // fails, and its network interfaces only the team's subnets and security group (boundary).
      Sid: 'StartIsolatedTrainingJobs',
      Effect: 'Allow',
      Action: ['sagemaker:CreateTrainingJob'],
      Resource: [r.trainingJobs],
      Condition: {
        ...requestTaggedForTeam(scope.team),
        Bool: { 'sagemaker:NetworkIsolation': 'true' },
        Null: {
          'sagemaker:VolumeKmsKeyArn': 'false',
          'sagemaker:OutputKmsKeyArn': 'false',
          'sagemaker:VpcSubnets': 'false',
          'sagemaker:VpcSecurityGroupIds': 'false',
        },
      },
    },
    createTagged('TagNewTrainingJobs', ['sagemaker:AddTags'], r.trainingJobs, scope.team),
    {
      Sid: 'FollowTrainingJobs',
      Effect: 'Allow',
      Action: ['sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob'],
      Resource: [r.trainingJobs],
    },
    {
      Sid: 'PassSageMakerRole',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [r.sagemakerRole],
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    },
    // The registry creates the group only when the stack has not (sagemaker-registry.ts).
    createTagged(
      'CreateTaggedModelPackageGroup',
      ['sagemaker:AddTags', 'sagemaker:CreateModelPackageGroup'],
      r.modelPackageGroup,
      scope.team,
    ),
    {
      Sid: 'RegisterModelVersions',
      Effect: 'Allow',
      Action: [
        'sagemaker:CreateModelPackage',
        'sagemaker:DescribeModelPackage',
        'sagemaker:DescribeModelPackageGroup',
        'sagemaker:UpdateModelPackage',
      ],
      Resource: [r.modelPackageGroup, r.modelPackages],
    },
    {
      // A List action: SageMaker authorizes it on no particular resource.
      Sid: 'ListModelVersions',
      Effect: 'Allow',
      Action: ['sagemaker:ListModelPackages'],
      Resource: ['*'],
    },
  ];
}

function publishStatements(scope: TeamScope): IamStatement[] {
  const r = teamResources(scope);
  const owned = [r.quicksightDataSource, ...r.quicksightDataSets, r.quicksightDashboard];
  return [
    // CreateDataSource has no resource type; it must carry the team's tag.
    createTagged('CreateTaggedDataSource', ['quicksight:CreateDataSource'], '*', scope.team),
    {
      Sid: 'ManageDataSource',
      Effect: 'Allow',
      Action: [
        'quicksight:DescribeDataSource',
        'quicksight:PassDataSource',
        'quicksight:UpdateDataSource',
        'quicksight:UpdateDataSourcePermissions',
      ],
      Resource: [r.quicksightDataSource],
    },
    // CreateDataSet is authorized on the data source it reads.
    createTagged(
      'CreateTaggedDataSets',
      ['quicksight:CreateDataSet'],
      r.quicksightDataSource,
      scope.team,
    ),
    {
      Sid: 'ManageDataSets',
      Effect: 'Allow',
      Action: [
        'quicksight:DescribeDataSet',
        'quicksight:PassDataSet',
        'quicksight:UpdateDataSet',
        'quicksight:UpdateDataSetPermissions',
      ],
      Resource: r.quicksightDataSets,
    },
    {
      Sid: 'RefreshDataSets',
      Effect: 'Allow',
      Action: ['quicksight:CreateIngestion', 'quicksight:DescribeIngestion'],
      Resource: r.quicksightIngestions,
    },
    {
      Sid: 'PublishDashboard',
      Effect: 'Allow',
      Action: [
        'quicksight:CreateDashboard',
        'quicksight:DescribeDashboard',
        'quicksight:UpdateDashboard',
        'quicksight:UpdateDashboardPermissions',
        'quicksight:UpdateDashboardPublishedVersion',
      ],
      Resource: [r.quicksightDashboard],
      Condition: { StringEqualsIfExists: { [`aws:RequestTag/${TEAM_TAG}`]: scope.team } },
    },
    {
      // The content-hash and model-version tags; the team tag may be set, never changed.
      Sid: 'TagDashboardResources',
      Effect: 'Allow',
      Action: ['quicksight:ListTagsForResource', 'quicksight:TagResource'],
      Resource: owned,
      Condition: { StringEqualsIfExists: { [`aws:RequestTag/${TEAM_TAG}`]: scope.team } },
    },
  ];
}

/** Removing a team: the dashboard, its data sets and data source, which Terraform does not own. */
function teardownStatements(scope: TeamScope): IamStatement[] {
  const r = teamResources(scope);
  return [
    {
      Sid: 'RemoveDashboard',
      Effect: 'Allow',
      Action: ['quicksight:DeleteDashboard'],
      Resource: [r.quicksightDashboard],
    },
    {
      Sid: 'RemoveDataSets',
      Effect: 'Allow',
      Action: ['quicksight:DeleteDataSet'],
      Resource: r.quicksightDataSets,
    },
    {
      Sid: 'RemoveDataSource',
      Effect: 'Allow',
      Action: ['quicksight:DeleteDataSource'],
      Resource: [r.quicksightDataSource],
    },
  ];
}

/** Each step's statements for team T. */
export function pipelinePermissions(scope: TeamScope): Record<PipelineStep, IamStatement[]> {
  return {
    migrate: warehouseStatements(scope),
    load: loadStatements(scope),
    train: trainStatements(scope),
    publish: publishStatements(scope),
    teardown: teardownStatements(scope),
  };
}

/**
 * Every step's statements, each once (steps share the warehouse statements): the policy the
 * stacks attach. Fails when two steps declare different statements under one Sid.
 */
export function pipelineStatements(scope: TeamScope): IamStatement[] {
  const bySid = new Map<string, IamStatement>();
  for (const step of PIPELINE_STEPS) {
    for (const s of pipelinePermissions(scope)[step]) {
      const seen = bySid.get(s.Sid);
      if (seen !== undefined && JSON.stringify(seen) !== JSON.stringify(s)) {
        throw new Error(
          `contracts/permissions/pipeline.ts: statement "${s.Sid}" differs between steps`,
        );
      }
      bySid.set(s.Sid, s);
    }
  }
  return [...bySid.values()];
}
