import { RedshiftCluster } from '@cdktf/provider-aws/lib/redshift-cluster/index.js';
import { RedshiftLogging } from '@cdktf/provider-aws/lib/redshift-logging/index.js';
import { RedshiftParameterGroup } from '@cdktf/provider-aws/lib/redshift-parameter-group/index.js';
import { RedshiftSubnetGroup } from '@cdktf/provider-aws/lib/redshift-subnet-group/index.js';
import { Construct } from 'constructs';
import { ADMIN_USERNAME, AUDIT_LOG_EXPORTS, type WarehouseHandles } from './warehouse.js';

/** Node types that need at least two nodes. */
const MULTI_NODE_ONLY = new Set(['ra3.4xlarge', 'ra3.16xlarge']);

export interface RedshiftClusterWarehouseProps {
  /** Cluster identifier, also the name of its subnet and parameter groups. */
  readonly name: string;
  /** An RA3 node type, e.g. `ra3.xlplus`. */
  readonly nodeType: string;
  readonly nodeCount: number;
  readonly database: string;
  /** Key for the cluster's storage and for its admin secret. */
  readonly kmsKeyArn: string;
  /** Role for COPY and UNLOAD, made the cluster's default role. */
  readonly roleArn: string;
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
  /** Skip the final snapshot on destroy. Default true: expired workshop teams are torn down. */
  readonly skipFinalSnapshot?: boolean;
}

/**
 * A provisioned Redshift cluster: encrypted with the team key, private, enhanced VPC routing,
 * admin password managed in Secrets Manager, SSL required, user activity and audit logs on.
 */
export class RedshiftClusterWarehouse extends Construct implements WarehouseHandles {
  public readonly type = 'provisioned';
  public readonly cluster: RedshiftCluster;
  public readonly parameterGroup: RedshiftParameterGroup;
  public readonly database: string;
  public readonly secretArn: string;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: RedshiftClusterWarehouseProps) {
    super(scope, id);
    if (props.nodeCount < 2 && MULTI_NODE_ONLY.has(props.nodeType)) {
      throw new Error(`${this.node.path}: ${props.nodeType} needs at least 2 nodes`);
    }
    const subnetGroup = new RedshiftSubnetGroup(this, 'subnets', {
      name: props.name,
      subnetIds: props.subnetIds,
    });
    this.parameterGroup = new RedshiftParameterGroup(this, 'parameters', {
      name: props.name,
      family: 'redshift-2.0',
      parameter: [
        { name: 'require_ssl', value: 'true' },
        { name: 'enable_user_activity_logging', value: 'true' },
      ],
    });
    this.cluster = new RedshiftCluster(this, 'this', {
      clusterIdentifier: props.name,
      databaseName: props.database,
      masterUsername: ADMIN_USERNAME,
      manageMasterPassword: true,
      masterPasswordSecretKmsKeyId: props.kmsKeyArn,
      nodeType: props.nodeType,
      clusterType: props.nodeCount === 1 ? 'single-node' : 'multi-node',
      ...(props.nodeCount === 1 ? {} : { numberOfNodes: props.nodeCount }),
      encrypted: true,
      kmsKeyId: props.kmsKeyArn,
      publiclyAccessible: false,
      enhancedVpcRouting: true,
      clusterSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: props.securityGroupIds,
      clusterParameterGroupName: this.parameterGroup.name,
      iamRoles: [props.roleArn],
      defaultIamRoleArn: props.roleArn,
      skipFinalSnapshot: props.skipFinalSnapshot ?? true,
    });
    new RedshiftLogging(this, 'audit-logging', {
      clusterIdentifier: this.cluster.clusterIdentifier,
      logDestinationType: 'cloudwatch',
      logExports: AUDIT_LOG_EXPORTS,
    });
    this.database = props.database;
    this.secretArn = this.cluster.masterPasswordSecretArn;
    this.name = this.cluster.clusterIdentifier;
  }
}
