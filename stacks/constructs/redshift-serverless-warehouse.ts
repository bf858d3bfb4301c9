import { RedshiftserverlessNamespace } from '@cdktf/provider-aws/lib/redshiftserverless-namespace/index.js';
import { RedshiftserverlessWorkgroup } from '@cdktf/provider-aws/lib/redshiftserverless-workgroup/index.js';
import { Construct } from 'constructs';
import { ADMIN_USERNAME, AUDIT_LOG_EXPORTS, type WarehouseHandles } from './warehouse.js';

export interface RedshiftServerlessWarehouseProps {
  /** Name of the namespace and of the workgroup. */
  readonly name: string;
  /** Base capacity in RPUs, a multiple of 8 from 8 to 512. */
  readonly baseCapacity: number;
  readonly database: string;
  /** Key for the namespace's storage and for its admin secret. */
  readonly kmsKeyArn: string;
  /** Role for COPY and UNLOAD, made the namespace's default role. */
  readonly roleArn: string;
  /** Subnets in at least three Availability Zones. */
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
}

/**
 * Every workgroup setting, since the provider shows a perpetual diff when only some are given.
 * Redshift's defaults, except that SSL is required and user activity is logged.
 */
const CONFIG_PARAMETERS: Record<string, string> = {
  auto_mv: 'true',
  datestyle: 'ISO, MDY',
  enable_case_sensitive_identifier: 'false',
  enable_user_activity_logging: 'true',
  max_query_execution_time: '14400',
  query_group: 'default',
  require_ssl: 'true',
  search_path: '$user, public',
  use_fips_ssl: 'false',
};

/**
 * A Redshift Serverless namespace and workgroup: encrypted with the team key, private, enhanced
 * VPC routing, admin password managed in Secrets Manager, SSL required, audit logs exported.
 */
export class RedshiftServerlessWarehouse extends Construct implements WarehouseHandles {
  public readonly type = 'serverless';
  public readonly namespace: RedshiftserverlessNamespace;
  public readonly workgroup: RedshiftserverlessWorkgroup;
  public readonly database: string;
  public readonly secretArn: string;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: RedshiftServerlessWarehouseProps) {
    super(scope, id);
    this.namespace = new RedshiftserverlessNamespace(this, 'namespace', {
      namespaceName: props.name,
      dbName: props.database,
      adminUsername: ADMIN_USERNAME,
      manageAdminPassword: true,
      adminPasswordSecretKmsKeyId: props.kmsKeyArn,
      kmsKeyId: props.kmsKeyArn,
      iamRoles: [props.roleArn],
      defaultIamRoleArn: props.roleArn,
      logExports: AUDIT_LOG_EXPORTS,
    });
    this.workgroup = new RedshiftserverlessWorkgroup(this, 'workgroup', {
      workgroupName: props.name,
      namespaceName: this.namespace.namespaceName,
      baseCapacity: props.baseCapacity,
      enhancedVpcRouting: true,
      publiclyAccessible: false,
      subnetIds: props.subnetIds,
      securityGroupIds: props.securityGroupIds,
      configParameter: Object.entries(CONFIG_PARAMETERS).map(([parameterKey, parameterValue]) => ({
        parameterKey,
        parameterValue,
      })),
    });
    this.database = props.database;
    this.secretArn = this.namespace.adminPasswordSecretArn;
    this.name = this.workgroup.workgroupName;
  }
}
