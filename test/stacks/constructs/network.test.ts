import { Subnet } from '@cdktf/provider-aws/lib/subnet/index.js';
import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { Testing } from 'cdktf';
import { TeamNetwork } from '../../../stacks/constructs/network.js';
import { resourcesOf, setupCdktfMatchers } from '../../support/cdktf.js';

setupCdktfMatchers();

describe('TeamNetwork', () => {
  test('a new VPC: private subnets in two zones, an S3 gateway endpoint, no internet route', () => {
    const synth = Testing.synthScope((scope) => {
      new TeamNetwork(scope, 'network', { namePrefix: 'workshop-acme', region: 'eu-west-1' });
    });
    expect(synth).toHaveResourceWithProperties(Vpc, { cidr_block: '10.40.0.0/16' });
    expect(resourcesOf(synth, 'aws_subnet')).toHaveLength(2);
    expect(synth).toHaveResourceWithProperties(Subnet, { map_public_ip_on_launch: false });
    expect(synth).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: 'com.amazonaws.eu-west-1.s3',
      vpc_endpoint_type: 'Gateway',
    });
    expect(resourcesOf(synth, 'aws_internet_gateway')).toHaveLength(0);
    expect(resourcesOf(synth, 'aws_nat_gateway')).toHaveLength(0);
    expect(resourcesOf(synth, 'aws_route')).toHaveLength(0);
    // The deploy role may not touch the untagged default group (deploy-permissions.ts).
    expect(resourcesOf(synth, 'aws_default_security_group')).toHaveLength(0);
  });

  test('three zones when asked (Redshift Serverless)', () => {
    const synth = Testing.synthScope((scope) => {
      new TeamNetwork(scope, 'network', {
        namePrefix: 'workshop-acme',
        region: 'eu-west-1',
        availabilityZoneCount: 3,
      });
    });
    expect(resourcesOf(synth, 'aws_subnet')).toHaveLength(3);
  });

  test('an existing VPC: no network resources, only the security group', () => {
    let network: TeamNetwork | undefined;
    const synth = Testing.synthScope((scope) => {
      network = new TeamNetwork(scope, 'network', {
        namePrefix: 'workshop-acme',
        region: 'eu-west-1',
        existing: { vpcId: 'vpc-0abc1234', subnetIds: ['subnet-0aaa1111', 'subnet-0bbb2222'] },
      });
    });
    expect(network!.subnetIds).toEqual(['subnet-0aaa1111', 'subnet-0bbb2222']);
    expect(resourcesOf(synth, 'aws_vpc')).toHaveLength(0);
    expect(resourcesOf(synth, 'aws_subnet')).toHaveLength(0);
    expect(synth).toHaveResourceWithProperties(SecurityGroup, { vpc_id: 'vpc-0abc1234' });
  });

  test('the security group talks to itself and to S3 only, never to a CIDR block', () => {
    const synth = Testing.synthScope((scope) => {
      new TeamNetwork(scope, 'network', { namePrefix: 'workshop-acme', region: 'eu-west-1' });
    });
    const rules = [
      ...resourcesOf(synth, 'aws_vpc_security_group_ingress_rule'),
      ...resourcesOf(synth, 'aws_vpc_security_group_egress_rule'),
    ];
    expect(rules).toHaveLength(3);
    for (const rule of rules) {
      expect(rule).not.toHaveProperty('cidr_ipv4');
      expect(rule).not.toHaveProperty('cidr_ipv6');
      expect(rule.referenced_security_group_id ?? rule.prefix_list_id).toBeDefined();
    }
  });
});
