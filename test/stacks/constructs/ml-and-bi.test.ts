import { QuicksightGroup } from '@cdktf/provider-aws/lib/quicksight-group/index.js';
import { QuicksightVpcConnection } from '@cdktf/provider-aws/lib/quicksight-vpc-connection/index.js';
import { SagemakerModelPackageGroup } from '@cdktf/provider-aws/lib/sagemaker-model-package-group/index.js';
import { SagemakerNotebookInstance } from '@cdktf/provider-aws/lib/sagemaker-notebook-instance/index.js';
import { Testing } from 'cdktf';
import { ModelRegistry } from '../../../stacks/constructs/model-registry.js';
import { TeamNotebook } from '../../../stacks/constructs/notebook.js';
import { QuickSightAccess } from '../../../stacks/constructs/quicksight-access.js';
import { resourcesOf, setupCdktfMatchers } from '../../support/cdktf.js';

setupCdktfMatchers();

describe('TeamNotebook', () => {
  test("the seed's notebook, without root access or direct internet, in the VPC", () => {
    const synth = Testing.synthScope((scope) => {
      new TeamNotebook(scope, 'notebook', {
        name: 'workshop-acme',
        roleArn: 'arn:aws:iam::111122223333:role/r',
        kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
        subnetId: 'subnet-0aaa1111',
        securityGroupIds: ['sg-0abc'],
      });
    });
    expect(synth).toHaveResourceWithProperties(SagemakerNotebookInstance, {
      instance_type: 'ml.c5.xlarge',
      volume_size: 50,
      root_access: 'Disabled',
      direct_internet_access: 'Disabled',
      subnet_id: 'subnet-0aaa1111',
      security_groups: ['sg-0abc'],
      kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
      instance_metadata_service_configuration: { minimum_instance_metadata_service_version: '2' },
    });
  });
});

describe('ModelRegistry', () => {
  test('one model package group, with a name SageMaker accepts', () => {
    const synth = Testing.synthScope((scope) => {
      new ModelRegistry(scope, 'registry', { groupName: 'workshop-acme-segments' });
    });
    expect(synth).toHaveResourceWithProperties(SagemakerModelPackageGroup, {
      model_package_group_name: 'workshop-acme-segments',
    });
    expect(() =>
      Testing.synthScope((scope) => {
        new ModelRegistry(scope, 'registry', { groupName: 'x'.repeat(64) });
      }),
    ).toThrow(/over 63 characters/);
  });
});

const quicksight = {
  name: 'workshop-acme',
  aws: { partition: 'aws', accountId: '111122223333', region: 'eu-west-1' },
  vpcRoleName: 'workshop-acme-quicksight-vpc',
  permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/workshop-acme-boundary',
};

describe('QuickSightAccess', () => {
  test('owners with e-mail addresses become group members', () => {
    const synth = Testing.synthScope((scope) => {
      new QuickSightAccess(scope, 'bi', { ...quicksight, members: ['ana@example.com'] });
    });
    expect(resourcesOf(synth, 'aws_quicksight_group_membership')).toEqual([
      expect.objectContaining({ member_name: 'ana@example.com', namespace: 'default' }),
    ]);
  });

  test('the team group, and a VPC connection with its own role when asked', () => {
    const synth = Testing.synthScope((scope) => {
      new QuickSightAccess(scope, 'bi', {
        ...quicksight,
        vpc: { subnetIds: ['subnet-0aaa1111', 'subnet-0bbb2222'], securityGroupIds: ['sg-0abc'] },
      });
    });
    expect(synth).toHaveResourceWithProperties(QuicksightGroup, {
      group_name: 'workshop-acme',
      namespace: 'default',
    });
    expect(synth).toHaveResourceWithProperties(QuicksightVpcConnection, {
      vpc_connection_id: 'workshop-acme',
      subnet_ids: ['subnet-0aaa1111', 'subnet-0bbb2222'],
      security_group_ids: ['sg-0abc'],
    });
    const trust = JSON.parse(String(resourcesOf(synth, 'aws_iam_role')[0]!.assume_role_policy));
    expect(trust.Statement[0].Principal).toEqual({ Service: 'quicksight.amazonaws.com' });
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '111122223333' },
    });
    expect(resourcesOf(synth, 'aws_iam_role')[0]!.permissions_boundary).toBe(
      quicksight.permissionsBoundaryArn,
    );
  });

  test('no VPC connection and no role without a VPC', () => {
    const synth = Testing.synthScope((scope) => {
      new QuickSightAccess(scope, 'bi', quicksight);
    });
    expect(resourcesOf(synth, 'aws_quicksight_vpc_connection')).toHaveLength(0);
    expect(resourcesOf(synth, 'aws_iam_role')).toHaveLength(0);
  });
});
