import {
  readStackOutputs,
  STACK_OUTPUT,
  StackOutputsError,
} from '../../contracts/stack-outputs.js';

const printed = (values: Record<string, string>): string =>
  JSON.stringify(
    Object.fromEntries(
      Object.entries(values).map(([k, value]) => [k, { sensitive: false, type: 'string', value }]),
    ),
  );

const common = {
  [STACK_OUTPUT.region]: 'eu-west-1',
  [STACK_OUTPUT.dataBucket]: 'workshop-acme-data-1',
  [STACK_OUTPUT.dataPrefix]: 'acme/',
  [STACK_OUTPUT.kmsKeyArn]: 'arn:aws:kms:eu-west-1:1:key/k',
  [STACK_OUTPUT.redshiftRoleArn]: 'arn:aws:iam::1:role/workshop-acme-redshift',
  [STACK_OUTPUT.sagemakerRoleArn]: 'arn:aws:iam::1:role/workshop-acme-sagemaker',
  [STACK_OUTPUT.modelPackageGroup]: 'workshop-acme-segments',
  [STACK_OUTPUT.quicksightGroup]: 'workshop-acme',
  [STACK_OUTPUT.database]: 'rfm',
  [STACK_OUTPUT.secretArn]: 'arn:aws:secretsmanager:eu-west-1:1:secret:redshift!x',
};

/** The printed outputs of a team with `warehouseType`: `common`, then `extra` over them. */
const printedTeam = (warehouseType: string, extra: Record<string, string> = {}): string =>
  printed({ ...common, [STACK_OUTPUT.warehouseType]: warehouseType, ...extra });

describe('readStackOutputs', () => {
  test('a serverless team, with its QuickSight VPC connection', () => {
    const outputs = readStackOutputs(
      printedTeam('serverless', {
        [STACK_OUTPUT.workgroup]: 'workshop-acme',
        [STACK_OUTPUT.namespace]: 'workshop-acme',
        [STACK_OUTPUT.quicksightVpcConnectionArn]:
          'arn:aws:quicksight:eu-west-1:1:vpcConnection/workshop-acme',
      }),
    );
    expect(outputs).toEqual({
      region: 'eu-west-1',
      dataBucket: 'workshop-acme-data-1',
      dataPrefix: 'acme/',
      kmsKeyArn: common[STACK_OUTPUT.kmsKeyArn],
      redshiftRoleArn: common[STACK_OUTPUT.redshiftRoleArn],
      sagemakerRoleArn: common[STACK_OUTPUT.sagemakerRoleArn],
      modelPackageGroup: 'workshop-acme-segments',
      quicksightGroup: 'workshop-acme',
      quicksightVpcConnectionArn: 'arn:aws:quicksight:eu-west-1:1:vpcConnection/workshop-acme',
      warehouse: {
        type: 'serverless',
        workgroup: 'workshop-acme',
        namespace: 'workshop-acme',
        database: 'rfm',
        secretArn: common[STACK_OUTPUT.secretArn],
      },
    });
  });

  test('a provisioned team without a VPC connection', () => {
    const outputs = readStackOutputs(
      printedTeam('provisioned', { [STACK_OUTPUT.clusterId]: 'workshop-acme' }),
    );
    expect(outputs.warehouse).toEqual({
      type: 'provisioned',
      clusterId: 'workshop-acme',
      database: 'rfm',
      secretArn: common[STACK_OUTPUT.secretArn],
    });
    expect(outputs).not.toHaveProperty('quicksightVpcConnectionArn');
  });

  test("the training jobs' subnets and security group, together or not at all", () => {
    const outputs = readStackOutputs(
      printedTeam('provisioned', {
        [STACK_OUTPUT.clusterId]: 'workshop-acme',
        [STACK_OUTPUT.trainingSubnetIds]: 'subnet-0aaa,subnet-0bbb',
        [STACK_OUTPUT.trainingSecurityGroupId]: 'sg-0abc',
      }),
    );
    expect(outputs.trainingVpc).toEqual({
      subnetIds: ['subnet-0aaa', 'subnet-0bbb'],
      securityGroupIds: ['sg-0abc'],
    });
    expect(() =>
      readStackOutputs(
        printedTeam('provisioned', {
          [STACK_OUTPUT.clusterId]: 'workshop-acme',
          [STACK_OUTPUT.trainingSubnetIds]: 'subnet-0aaa',
        }),
      ),
    ).toThrow(/"training_subnet_ids" and "training_security_group_id" come together/);
  });

  test('names the missing output', () => {
    const json = printedTeam('provisioned');
    expect(() => readStackOutputs(json)).toThrow(StackOutputsError);
    expect(() => readStackOutputs(json)).toThrow(
      /output "redshift_cluster_id" is missing or empty/,
    );
  });

  test('an empty value counts as missing', () => {
    const json = printedTeam('provisioned', {
      [STACK_OUTPUT.secretArn]: '',
      [STACK_OUTPUT.clusterId]: 'c',
    });
    expect(() => readStackOutputs(json, 'team-acme')).toThrow(
      /^team-acme: output "redshift_secret_arn" is missing or empty/,
    );
  });

  test('rejects what terraform output -json does not print', () => {
    expect(() => readStackOutputs('not json')).toThrow(/not JSON/);
    expect(() => readStackOutputs('{"region": "eu-west-1"}')).toThrow(
      /\{"value": \.\.\.\} entries/,
    );
    expect(() => readStackOutputs(printedTeam('dedicated'))).toThrow(
      /"warehouse_type" is "dedicated"; expected provisioned or serverless/,
    );
    const numeric = JSON.parse(
      printedTeam('provisioned', { [STACK_OUTPUT.clusterId]: 'c' }),
    ) as Record<string, { value: unknown }>;
    numeric[STACK_OUTPUT.region] = { value: 3 };
    expect(() => readStackOutputs(JSON.stringify(numeric))).toThrow(
      /output "region" must be a string/,
    );
  });
});
