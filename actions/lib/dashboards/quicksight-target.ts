import { quickSightOwners } from '../../../contracts/quicksight-members.js';
import { sourceCurrency, type Environment } from '../../../contracts/environment/schema.js';
import type { StackOutputs } from '../../../contracts/stack-outputs.js';
import type { RedshiftEndpoint } from './quicksight-data-source.js';
import { groupArn } from './quicksight-names.js';
import type { QuickSightTarget } from './quicksight.js';

/** Redshift Serverless listens on this port unless the workgroup says otherwise. */
export const SERVERLESS_PORT = 5439;

/** Settings that the environment file and the stack outputs do not hold. */
export interface TargetOverrides {
  /** Default: the account in the warehouse secret's ARN. */
  readonly accountId?: string;
  /** Region of QuickSight's users and groups; default the team's region. */
  readonly identityRegion?: string;
  /** QuickSight namespace of the team group; default `default`. */
  readonly namespace?: string;
  /** Serverless endpoint, when it is not `<workgroup>.<account>.<region>.redshift-serverless.amazonaws.com`. */
  readonly redshiftHost?: string;
  readonly redshiftPort?: number;
}

const ACCOUNT_IN_ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

/** The account id of an ARN; fails naming the ARN when it has none. */
export function accountOf(arn: string, what: string): string {
  const match = ACCOUNT_IN_ARN.exec(arn);
  if (match?.[1] === undefined)
    throw new Error(
      `cannot read an account id from the ${what} "${arn}"; pass the account id explicitly`,
    );
  return match[1];
}

/**
 * Where a team's dashboard goes, from its environment file and its applied stack's outputs:
 * the warehouse endpoint (cluster id, or Serverless host and port), the secret, the VPC
 * connection when the stack made one, and the team's QuickSight group.
 */
export function quickSightTarget(
  env: Environment,
  outputs: StackOutputs,
  overrides: TargetOverrides = {},
): QuickSightTarget {
  const { warehouse } = outputs;
  const accountId = overrides.accountId ?? accountOf(warehouse.secretArn, 'warehouse secret ARN');
  const region = outputs.region;
  let endpoint: RedshiftEndpoint;
  if (overrides.redshiftHost !== undefined)
    endpoint = { host: overrides.redshiftHost, port: overrides.redshiftPort ?? SERVERLESS_PORT };
  else if (warehouse.type === 'provisioned') endpoint = { clusterId: warehouse.clusterId };
  else
    endpoint = {
      // QuickSight's Redshift parameters have no workgroup field; Serverless is reached by endpoint.
      host: `${warehouse.workgroup}.${accountId}.${region}.redshift-serverless.amazonaws.com`,
      port: overrides.redshiftPort ?? SERVERLESS_PORT,
    };
  return {
    accountId,
    region,
    team: env.team,
    owners: quickSightOwners(env.owners),
    redshift: {
      endpoint,
      database: warehouse.database,
      secretArn: warehouse.secretArn,
      ...(outputs.quicksightVpcConnectionArn === undefined
        ? {}
        : { vpcConnectionArn: outputs.quicksightVpcConnectionArn }),
    },
    groupArn: groupArn(
      overrides.identityRegion ?? region,
      accountId,
      outputs.quicksightGroup,
      overrides.namespace,
    ),
    currency: sourceCurrency(env.source),
  };
}
