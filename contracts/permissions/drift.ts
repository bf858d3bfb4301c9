import { teamWarehouseName } from '../naming.js';
import {
  ownDataApiStatements,
  taggedForTeam,
  type IamStatement,
  type TeamScope,
} from './statement.js';
import { teamResources } from './team-resources.js';

/**
 * The AWS calls each drift check makes for team T, declared once: the bootstrap stack grants
 * exactly these statements to the team's drift role, and the tests evaluate them. Sources of the
 * calls: actions/lib/warehouse/redshift-data.ts with IAM identity authentication (the migration
 * history, read by actions/lib/migrations/drift.ts) and actions/lib/dashboards/dashboard-drift.ts.
 * Nothing here writes: in the warehouse the role is the database user `IAMR:workshop-T-drift`,
 * which may read the history table and nothing else (actions/lib/migrations/history-access.ts).
 */
export const DRIFT_CHECKS = ['migrations', 'dashboard'] as const;
export type DriftCheckName = (typeof DRIFT_CHECKS)[number];

/** Where a team lives, and the database its migrations go to. */
export interface DriftScope extends TeamScope {
  readonly database: string;
}

/** One query on the team's warehouse, as the role's own database user. */
function migrationStatements(scope: DriftScope): IamStatement[] {
  const r = teamResources(scope);
  const serverless = scope.warehouseType === 'serverless';
  return [
    {
      Sid: 'QueryTeamWarehouse',
      Effect: 'Allow',
      Action: ['redshift-data:ExecuteStatement'],
      Resource: [r.warehouse],
      ...(serverless ? { Condition: taggedForTeam(scope.team) } : {}),
    },
    serverless
      ? {
          // The Data API gets the database user IAMR:<role> of the workgroup with these.
          Sid: 'WarehouseIdentity',
          Effect: 'Allow',
          Action: ['redshift-serverless:GetCredentials'],
          Resource: [r.warehouse],
          Condition: taggedForTeam(scope.team),
        }
      : {
          Sid: 'WarehouseIdentity',
          Effect: 'Allow',
          Action: ['redshift:GetClusterCredentialsWithIAM'],
          Resource: [
            r.regional('redshift', `dbname:${teamWarehouseName(scope.team)}/${scope.database}`),
          ],
        },
    ownDataApiStatements('FollowOwnQueries'),
  ];
}

/** The team's published dashboard: its version and the tags the publish records. */
function dashboardStatements(scope: DriftScope): IamStatement[] {
  return [
    {
      Sid: 'ReadTeamDashboard',
      Effect: 'Allow',
      Action: ['quicksight:DescribeDashboard', 'quicksight:ListTagsForResource'],
      Resource: [teamResources(scope).quicksightDashboard],
    },
  ];
}

/** Each drift check's statements for team T. */
export function driftPermissions(scope: DriftScope): Record<DriftCheckName, IamStatement[]> {
  return { migrations: migrationStatements(scope), dashboard: dashboardStatements(scope) };
}

/** Every drift check's statements: the drift role's policy. */
export const driftStatements = (scope: DriftScope): IamStatement[] =>
  DRIFT_CHECKS.flatMap((check) => driftPermissions(scope)[check]);
