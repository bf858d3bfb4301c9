import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { QuicksightGroup } from '@cdktf/provider-aws/lib/quicksight-group/index.js';
import { QuicksightVpcConnection } from '@cdktf/provider-aws/lib/quicksight-vpc-connection/index.js';
import { Construct } from 'constructs';
import { policyDocument, serviceTrustPolicy } from './policy-document.js';

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
}

/** The team's QuickSight group (dashboards are shared with it) and, optionally, a VPC connection. */
export class QuickSightAccess extends Construct {
  public readonly group: QuicksightGroup;
  public readonly vpcConnection?: QuicksightVpcConnection;

  constructor(scope: Construct, id: string, props: QuickSightAccessProps) {
    super(scope, id);
    this.group = new QuicksightGroup(this, 'group', {
      groupName: props.name,
      namespace: props.namespace ?? 'default',
      description: 'Members see the team dashboards',
    });
    if (props.vpc === undefined) return;

    const role = new IamRole(this, 'vpc-connection-role', {
      name: `${props.name}-quicksight-vpc`,
      description: 'QuickSight network interfaces in the team VPC',
      assumeRolePolicy: serviceTrustPolicy(['quicksight.amazonaws.com']),
    });
    // These EC2 actions have no resource-level permissions.
    new IamRolePolicy(this, 'vpc-connection-permissions', {
      name: 'network-interfaces',
      role: role.id,
      policy: policyDocument([
        {
          Effect: 'Allow',
          Action: [
            'ec2:CreateNetworkInterface',
            'ec2:DeleteNetworkInterface',
            'ec2:DescribeSecurityGroups',
            'ec2:DescribeSubnets',
            'ec2:ModifyNetworkInterfaceAttribute',
          ],
          Resource: '*',
        },
      ]),
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
