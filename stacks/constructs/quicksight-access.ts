import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { QuicksightGroup } from '@cdktf/provider-aws/lib/quicksight-group/index.js';
import { QuicksightGroupMembership } from '@cdktf/provider-aws/lib/quicksight-group-membership/index.js';
import { QuicksightVpcConnection } from '@cdktf/provider-aws/lib/quicksight-vpc-connection/index.js';
import { Construct } from 'constructs';
import type { AwsContext } from './aws-context.js';
import { policyDocument, serviceTrustPolicy } from './policy-document.js';
import { networkInterfaceStatements } from './sagemaker-role.js';

/** Where QuickSight's network interfaces go to reach a private warehouse. */
export interface QuickSightVpcPlacement {
  /** Two to fifteen subnets. */
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
}

export interface QuickSightAccessProps {
  /** Name of the group, the VPC connection and its role, e.g. `workshop-acme`. */
  readonly name: string;
  /** QuickSight namespace of the group. Default `default`. */
  readonly namespace?: string;
  /** Give QuickSight a way into the VPC; leave out when the warehouse is reachable otherwise. */
  readonly vpc?: QuickSightVpcPlacement;
  readonly aws: AwsContext;
  /** Name of the VPC connection's role. */
  readonly vpcRoleName: string;
  /** The team's permissions boundary, on the VPC connection's role. */
  readonly permissionsBoundaryArn: string;
  /** QuickSight user names to add to the group (the owners' e-mail addresses). */
  readonly members?: readonly string[];
}

/** The team's QuickSight group (dashboards are shared with it) and, optionally, a VPC connection. */
export class QuickSightAccess extends Construct {
  public readonly group: QuicksightGroup;
  public readonly vpcConnection?: QuicksightVpcConnection;
  /** One per owner e-mail address; QuickSight users must exist under that name. */
  public readonly memberships: QuicksightGroupMembership[];

  constructor(scope: Construct, id: string, props: QuickSightAccessProps) {
    super(scope, id);
    this.group = new QuicksightGroup(this, 'group', {
      groupName: props.name,
      namespace: props.namespace ?? 'default',
      description: 'Members see the team dashboards',
    });
    this.memberships = (props.members ?? []).map(
      (member, i) =>
        new QuicksightGroupMembership(this, `member-${i}`, {
          groupName: this.group.groupName,
          memberName: member,
          namespace: props.namespace ?? 'default',
        }),
    );
    if (props.vpc === undefined) return;

    const role = new IamRole(this, 'vpc-connection-role', {
      name: props.vpcRoleName,
      description: 'QuickSight network interfaces in the team VPC',
      assumeRolePolicy: serviceTrustPolicy(['quicksight.amazonaws.com'], {
        sourceAccount: props.aws.accountId,
      }),
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    new IamRolePolicy(this, 'vpc-connection-permissions', {
      name: 'network-interfaces',
      role: role.id,
      policy: policyDocument(networkInterfaceStatements(props.aws, 'QuickSight')),
    });
    this.vpcConnection = new QuicksightVpcConnection(this, 'vpc-connection', {
      vpcConnectionId: props.name,
      name: props.name,
      roleArn: role.arn,
      subnetIds: props.vpc.subnetIds,
      securityGroupIds: props.vpc.securityGroupIds,
    });
  }
}
