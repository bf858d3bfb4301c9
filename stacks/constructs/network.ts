import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones/index.js';
import { DataAwsPrefixList } from '@cdktf/provider-aws/lib/data-aws-prefix-list/index.js';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table/index.js';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { Subnet } from '@cdktf/provider-aws/lib/subnet/index.js';
import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';

/** A VPC the team already has. */
export interface ExistingNetwork {
  readonly vpcId: string;
  /** Private subnets in different Availability Zones. */
  readonly subnetIds: readonly string[];
}

export interface TeamNetworkProps {
  /** Name prefix of the security group and VPC, e.g. `workshop-acme`. */
  readonly namePrefix: string;
  /** AWS region, for the S3 endpoint and prefix list names. */
  readonly region: string;
  /** Use this VPC instead of creating one. */
  readonly existing?: ExistingNetwork;
  /** CIDR block of a new VPC. Default `10.40.0.0/16`. */
  readonly cidrBlock?: string;
  /** Availability Zones, and so private subnets, of a new VPC. Default 2. */
  readonly availabilityZoneCount?: number;
}

/**
 * Private networking for a team: either a new VPC with private subnets (no internet gateway, no
 * NAT) and an S3 gateway endpoint, or an existing VPC. Either way one security group, shared by
 * the warehouse, the notebook and QuickSight, that only talks to itself and to S3.
 */
export class TeamNetwork extends Construct {
  public readonly vpcId: string;
  public readonly subnetIds: string[];
  public readonly securityGroup: SecurityGroup;
  /** Present when this construct created the VPC. */
  public readonly vpc?: Vpc;

  constructor(scope: Construct, id: string, props: TeamNetworkProps) {
    super(scope, id);
    if (props.existing === undefined) {
      const created = this.createVpc(props);
      this.vpc = created.vpc;
      this.vpcId = created.vpc.id;
      this.subnetIds = created.subnetIds;
    } else {
      this.vpcId = props.existing.vpcId;
      this.subnetIds = [...props.existing.subnetIds];
    }

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: `${props.namePrefix}-analytics`,
      description: 'Warehouse, notebook and QuickSight of one workshop team',
      vpcId: this.vpcId,
      revokeRulesOnDelete: true,
    });
    const groupId = this.securityGroup.id;
    // QuickSight's network interfaces keep no connection state, so replies need an inbound rule too.
    new VpcSecurityGroupIngressRule(this, 'ingress-self', {
      securityGroupId: groupId,
      description: 'Any TCP from members of this group',
      ipProtocol: 'tcp',
      fromPort: 0,
      toPort: 65535,
      referencedSecurityGroupId: groupId,
    });
    new VpcSecurityGroupEgressRule(this, 'egress-self', {
      securityGroupId: groupId,
      description: 'Any TCP to members of this group',
      ipProtocol: 'tcp',
      fromPort: 0,
      toPort: 65535,
      referencedSecurityGroupId: groupId,
    });
    const s3 = new DataAwsPrefixList(this, 's3-prefix-list', {
      name: `com.amazonaws.${props.region}.s3`,
    });
    new VpcSecurityGroupEgressRule(this, 'egress-s3', {
      securityGroupId: groupId,
      description: 'HTTPS to S3 through the gateway endpoint',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      prefixListId: s3.id,
    });
  }

  private createVpc(props: TeamNetworkProps): { vpc: Vpc; subnetIds: string[] } {
    const zoneCount = props.availabilityZoneCount ?? 2;
    const vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidrBlock ?? '10.40.0.0/16',
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: props.namePrefix },
    });
    // The VPC's default security group keeps AWS's rules: changing it would need rights on a group
    // that carries no team tag and that IAM cannot tie to this VPC, which would let the deploy role
    // change any untagged group. Nothing here uses it, and this VPC has no internet or NAT gateway.

    const zones = new DataAwsAvailabilityZones(this, 'zones', {
      state: 'available',
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    });
    const routeTable = new RouteTable(this, 'private-routes', {
      vpcId: vpc.id,
      tags: { Name: `${props.namePrefix}-private` },
    });
    const subnetIds: string[] = [];
    for (let i = 0; i < zoneCount; i++) {
      const subnet = new Subnet(this, `private-${i}`, {
        vpcId: vpc.id,
        cidrBlock: Fn.cidrsubnet(vpc.cidrBlock, 4, i),
        availabilityZone: Fn.element(zones.names, i),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.namePrefix}-private-${i}` },
      });
      new RouteTableAssociation(this, `private-${i}-routes`, {
        subnetId: subnet.id,
        routeTableId: routeTable.id,
      });
      subnetIds.push(subnet.id);
    }
    new VpcEndpoint(this, 's3-endpoint', {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [routeTable.id],
      tags: { Name: `${props.namePrefix}-s3` },
    });
    return { vpc, subnetIds };
  }
}
