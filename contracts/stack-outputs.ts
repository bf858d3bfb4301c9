import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * Names of the Terraform outputs of a team stack. The stack declares them from this list and the
 * actions read them back through `readStackOutputs`, so the two cannot drift apart.
 */
export const STACK_OUTPUT = {
  region: 'region',
  dataBucket: 'data_bucket',
  dataPrefix: 'data_prefix',
  kmsKeyArn: 'kms_key_arn',
  redshiftRoleArn: 'redshift_role_arn',
  sagemakerRoleArn: 'sagemaker_role_arn',
  modelPackageGroup: 'model_package_group',
  quicksightGroup: 'quicksight_group',
  quicksightVpcConnectionArn: 'quicksight_vpc_connection_arn',
  trainingSubnetIds: 'training_subnet_ids',
  trainingSecurityGroupId: 'training_security_group_id',
  warehouseType: 'warehouse_type',
  database: 'redshift_database',
  secretArn: 'redshift_secret_arn',
  clusterId: 'redshift_cluster_id',
  workgroup: 'redshift_workgroup',
  namespace: 'redshift_namespace',
} as const;

export type StackOutputName = (typeof STACK_OUTPUT)[keyof typeof STACK_OUTPUT];

/** Where a team's warehouse lives and how to authenticate to it. */
export type WarehouseOutputs =
  | {
      readonly type: 'provisioned';
      readonly clusterId: string;
      readonly database: string;
      readonly secretArn: string;
    }
  | {
      readonly type: 'serverless';
      readonly workgroup: string;
      readonly namespace: string;
      readonly database: string;
      readonly secretArn: string;
    };

/** What the actions need from an applied team stack. */
export interface StackOutputs {
  readonly region: string;
  readonly dataBucket: string;
  /** Key prefix the team's roles may read and write, ending in `/`. */
  readonly dataPrefix: string;
  readonly kmsKeyArn: string;
  readonly redshiftRoleArn: string;
  readonly sagemakerRoleArn: string;
  readonly modelPackageGroup: string;
  readonly quicksightGroup: string;
  /** Absent when the team reaches the warehouse without a QuickSight VPC connection. */
  readonly quicksightVpcConnectionArn?: string;
  /** Where training jobs run: the team's private subnets and security group. */
  readonly trainingVpc?: TrainingVpc;
  readonly warehouse: WarehouseOutputs;
}

/** A training job's VpcConfig. */
export interface TrainingVpc {
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
}

/** One entry of `terraform output -json`. */
const terraformOutput = z.object({ value: z.unknown(), sensitive: z.boolean().optional() });
const terraformOutputs = z.record(z.string(), terraformOutput);

export class StackOutputsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackOutputsError';
  }
}

/**
 * Parses the JSON printed by `terraform output -json` in a team stack's directory. Fails with a
 * message naming the first missing or empty output.
 */
export function readStackOutputs(json: string, source = 'terraform output -json'): StackOutputs {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    throw new StackOutputsError(`${source}: not JSON (${(e as Error).message})`);
  }
  const result = terraformOutputs.safeParse(parsed);
  if (!result.success) {
    throw new StackOutputsError(
      `${source}: expected an object of {"value": ...} entries as printed by terraform output -json`,
    );
  }
  const outputs = result.data;

  const optional = (name: StackOutputName): string | undefined => {
    const entry = outputs[name];
    if (entry === undefined || entry.value === null || entry.value === '') return undefined;
    if (typeof entry.value !== 'string') {
      throw new StackOutputsError(`${source}: output "${name}" must be a string`);
    }
    return entry.value;
  };
  const required = (name: StackOutputName): string => {
    const value = optional(name);
    if (value === undefined) {
      throw new StackOutputsError(
        `${source}: output "${name}" is missing or empty; apply the team stack, then read its outputs again`,
      );
    }
    return value;
  };

  const type = required(STACK_OUTPUT.warehouseType);
  let warehouse: WarehouseOutputs;
  if (type === 'provisioned') {
    warehouse = {
      type,
      clusterId: required(STACK_OUTPUT.clusterId),
      database: required(STACK_OUTPUT.database),
      secretArn: required(STACK_OUTPUT.secretArn),
    };
  } else if (type === 'serverless') {
    warehouse = {
      type,
      workgroup: required(STACK_OUTPUT.workgroup),
      namespace: required(STACK_OUTPUT.namespace),
      database: required(STACK_OUTPUT.database),
      secretArn: required(STACK_OUTPUT.secretArn),
    };
  } else {
    throw new StackOutputsError(
      `${source}: output "${STACK_OUTPUT.warehouseType}" is "${type}"; expected provisioned or serverless`,
    );
  }

  const vpcConnection = optional(STACK_OUTPUT.quicksightVpcConnectionArn);
  const subnets = optional(STACK_OUTPUT.trainingSubnetIds);
  const securityGroup = optional(STACK_OUTPUT.trainingSecurityGroupId);
  if ((subnets === undefined) !== (securityGroup === undefined)) {
    throw new StackOutputsError(
      `${source}: outputs "${STACK_OUTPUT.trainingSubnetIds}" and "${STACK_OUTPUT.trainingSecurityGroupId}" come together; apply the team stack, then read its outputs again`,
    );
  }
  const trainingVpc =
    subnets === undefined || securityGroup === undefined
      ? undefined
      : { subnetIds: subnets.split(','), securityGroupIds: [securityGroup] };
  return {
    region: required(STACK_OUTPUT.region),
    dataBucket: required(STACK_OUTPUT.dataBucket),
    dataPrefix: required(STACK_OUTPUT.dataPrefix),
    kmsKeyArn: required(STACK_OUTPUT.kmsKeyArn),
    redshiftRoleArn: required(STACK_OUTPUT.redshiftRoleArn),
    sagemakerRoleArn: required(STACK_OUTPUT.sagemakerRoleArn),
    modelPackageGroup: required(STACK_OUTPUT.modelPackageGroup),
    quicksightGroup: required(STACK_OUTPUT.quicksightGroup),
    ...(vpcConnection === undefined ? {} : { quicksightVpcConnectionArn: vpcConnection }),
    ...(trainingVpc === undefined ? {} : { trainingVpc }),
    warehouse,
  };
}

/**
 * Reads a file holding `terraform output -json` of a team stack; errors name the file and, for a
 * missing file, how to produce it.
 */
export async function readStackOutputsFile(file: string): Promise<StackOutputs> {
  let json: string;
  try {
    json = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StackOutputsError(
      code === 'ENOENT'
        ? `${file} does not exist; write it with: terraform output -json > ${file} (in the team stack's directory)`
        : `${file}: ${(error as Error).message}`,
    );
  }
  return readStackOutputs(json, file);
}
