import { RedshiftCluster } from '@cdktf/provider-aws/lib/redshift-cluster/index.js';
import { RedshiftLogging } from '@cdktf/provider-aws/lib/redshift-logging/index.js';
import { RedshiftParameterGroup } from '@cdktf/provider-aws/lib/redshift-parameter-group/index.js';
import { RedshiftserverlessNamespace } from '@cdktf/provider-aws/lib/redshiftserverless-namespace/index.js';
import { RedshiftserverlessWorkgroup } from '@cdktf/provider-aws/lib/redshiftserverless-workgroup/index.js';
import { Testing } from 'cdktf';
import { RedshiftClusterWarehouse } from '../../../stacks/constructs/redshift-cluster-warehouse.js';
import { RedshiftServerlessWarehouse } from '../../../stacks/constructs/redshift-serverless-warehouse.js';
import { onlyResource, setupCdktfMatchers } from '../../support/cdktf.js';

setupCdktfMatchers();

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/abc';
const ROLE = 'arn:aws:iam::111122223333:role/workshop-acme-redshift';
const common = {
  name: 'workshop-acme',
  database: 'rfm',
  kmsKeyArn: KEY,
  roleArn: ROLE,
  subnetIds: ['subnet-0aaa1111', 'subnet-0bbb2222', 'subnet-0ccc3333'],
  securityGroupIds: ['sg-0abc'],
};

/** The synthesized stack of one RedshiftClusterWarehouse with `common` props. */
const clusterOf = (nodeType: string, nodeCount: number) =>
  Testing.synthScope((scope) => {
    new RedshiftClusterWarehouse(scope, 'warehouse', { ...common, nodeType, nodeCount });
  });

describe('RedshiftClusterWarehouse', () => {
  const synth = clusterOf('ra3.xlplus', 1);

  test('encrypted with the team key, private, enhanced VPC routing, password in Secrets Manager', () => {
    expect(synth).toHaveResourceWithProperties(RedshiftCluster, {
      cluster_identifier: 'workshop-acme',
      node_type: 'ra3.xlplus',
      cluster_type: 'single-node',
      encrypted: true,
      kms_key_id: KEY,
      publicly_accessible: false,
      enhanced_vpc_routing: true,
      manage_master_password: true,
      master_password_secret_kms_key_id: KEY,
      iam_roles: [ROLE],
      default_iam_role_arn: ROLE,
    });
    const cluster = onlyResource(synth, 'aws_redshift_cluster');
    expect(cluster).not.toHaveProperty('master_password');
    expect(cluster).not.toHaveProperty('master_password_wo');
  });

  test('requires SSL and logs user activity, with audit logs in CloudWatch', () => {
    expect(synth).toHaveResourceWithProperties(RedshiftParameterGroup, {
      family: 'redshift-2.0',
      parameter: expect.arrayContaining([
        { name: 'require_ssl', value: 'true' },
        { name: 'enable_user_activity_logging', value: 'true' },
      ]),
    });
    expect(synth).toHaveResourceWithProperties(RedshiftLogging, {
      log_destination_type: 'cloudwatch',
      log_exports: ['connectionlog', 'useractivitylog', 'userlog'],
    });
  });

  test('multi-node clusters, and no single-node ra3.4xlarge', () => {
    const multi = clusterOf('ra3.4xlarge', 2);
    expect(multi).toHaveResourceWithProperties(RedshiftCluster, {
      cluster_type: 'multi-node',
      number_of_nodes: 2,
    });
    expect(() => clusterOf('ra3.4xlarge', 1)).toThrow(/ra3.4xlarge needs at least 2 nodes/);
  });
});

describe('RedshiftServerlessWarehouse', () => {
  const synth = Testing.synthScope((scope) => {
    new RedshiftServerlessWarehouse(scope, 'warehouse', { ...common, baseCapacity: 8 });
  });

  test('namespace encrypted with the team key, managed admin password, audit logs exported', () => {
    expect(synth).toHaveResourceWithProperties(RedshiftserverlessNamespace, {
      namespace_name: 'workshop-acme',
      db_name: 'rfm',
      kms_key_id: KEY,
      manage_admin_password: true,
      admin_password_secret_kms_key_id: KEY,
      log_exports: ['connectionlog', 'useractivitylog', 'userlog'],
    });
    expect(onlyResource(synth, 'aws_redshiftserverless_namespace')).not.toHaveProperty(
      'admin_user_password',
    );
  });

  test('workgroup private, enhanced VPC routing, SSL required, user activity logged', () => {
    expect(synth).toHaveResourceWithProperties(RedshiftserverlessWorkgroup, {
      base_capacity: 8,
      publicly_accessible: false,
      enhanced_vpc_routing: true,
      config_parameter: expect.arrayContaining([
        { parameter_key: 'require_ssl', parameter_value: 'true' },
        { parameter_key: 'enable_user_activity_logging', parameter_value: 'true' },
      ]),
    });
  });
});
