import {
  adminSecretName,
  dataBucketNamePattern,
  modelPackageGroupName,
  quicksightIds,
  redshiftRoleName,
  sagemakerRoleName,
  teamDataPrefix,
  teamWarehouseName,
  trainingJobNamePattern,
} from '../naming.js';
import { iamArn, type TeamScope } from './statement.js';

/**
 * ARN patterns of one team's resources. Each names that team's resource exactly, or by a pattern
 * no other team's resource can match (see contracts/naming.ts); what has no name in its ARN (KMS
 * keys, Serverless workgroups) is matched as `*` and pinned by a `team` tag condition instead.
 */
export function teamResources(scope: TeamScope) {
  const { partition: p, accountId: account, region, team } = scope;
  const arn = (service: string, resource: string, inRegion: string = region): string =>
    `arn:${p}:${service}:${inRegion}:${account}:${resource}`;
  const bucket = `arn:${p}:s3:::${dataBucketNamePattern(team)}`;
  const data = `${bucket}/${teamDataPrefix(team)}`;
  const group = modelPackageGroupName(team);
  const qs = quicksightIds(team);
  return {
    bucket,
    /** Objects under the team's key prefix, `<team>/`. */
    objects: (under = ''): string => `${data}${under}*`,
    /** Cluster by name; Serverless workgroup ARNs hold an id, so any, pinned by tag. */
    warehouse:
      scope.warehouseType === 'provisioned'
        ? arn('redshift', `cluster:${teamWarehouseName(team)}`)
        : arn('redshift-serverless', 'workgroup/*'),
    adminSecret: arn('secretsmanager', `secret:${adminSecretName(team)}-??????`),
    /** Key ids are random: any key, pinned by the `team` tag. */
    anyKey: arn('kms', 'key/*'),
    role: (name: string): string => iamArn(scope, `role/${name}`),
    redshiftRole: iamArn(scope, `role/${redshiftRoleName(team)}`),
    sagemakerRole: iamArn(scope, `role/${sagemakerRoleName(team)}`),
    trainingJobs: arn('sagemaker', `training-job/${trainingJobNamePattern(team)}`),
    modelPackageGroup: arn('sagemaker', `model-package-group/${group}`),
    modelPackages: arn('sagemaker', `model-package/${group}/*`),
    quicksightDataSource: arn('quicksight', `datasource/${qs.dataSource}`),
    quicksightDataSets: qs.dataSets.map((id) => arn('quicksight', `dataset/${id}`)),
    quicksightIngestions: qs.dataSets.map((id) => arn('quicksight', `dataset/${id}/ingestion/*`)),
    quicksightDashboard: arn('quicksight', `dashboard/${qs.dashboard}`),
    /** QuickSight users and groups live in the account's identity region, which may differ. */
    quicksightGroup: (name: string): string => arn('quicksight', `group/default/${name}`, '*'),
    quicksightUser: (name: string): string => arn('quicksight', `user/default/${name}`, '*'),
    regional: arn,
  };
}

export type TeamResources = ReturnType<typeof teamResources>;
