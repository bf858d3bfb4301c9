import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { SagemakerNotebookInstance } from '@cdktf/provider-aws/lib/sagemaker-notebook-instance/index.js';
import { Testing, TerraformResource } from 'cdktf';
import { readStackOutputs, STACK_OUTPUT } from '../../contracts/stack-outputs.js';
import type { Environment } from '../../contracts/environment/schema.js';
import type { EmulatorEndpoint } from '../../stacks/provider.js';
import { WorkshopStack } from '../../stacks/workshop-stack.js';
import {
  environment,
  parseSynth,
  resourcesOf,
  setupCdktfMatchers,
  synthErrors,
} from '../support/cdktf.js';

setupCdktfMatchers();

function build(
  env: Environment,
  emulator?: EmulatorEndpoint,
): { stack: WorkshopStack; synth: string } {
  const stack = new WorkshopStack(Testing.app(), `team-${env.team}`, {
    environment: env,
    backend: { kind: 'local' },
    ...(emulator === undefined ? {} : { emulator }),
  });
  return { stack, synth: Testing.synth(stack) };
}

const serverless = build(environment('fintech'));
const provisioned = build(
  environment('bank', {
    warehouse:
      'warehouse: { type: provisioned, nodeType: ra3.xlplus, nodeCount: 2, database: rfm }',
    notebook: 'notebook: { enabled: true }',
    quicksight: 'quicksight: { vpcConnection: false }',
  }),
);

describe('WorkshopStack', () => {
  test.each([
    ['serverless', serverless.stack],
    ['provisioned', provisioned.stack],
  ])('the %s stack passes every security rule', (_, stack) => {
    expect(synthErrors(stack)).toEqual([]);
  });

  test.each([
    ['serverless', serverless.stack],
    ['provisioned', provisioned.stack],
  ])(
    'every taggable resource of the %s stack but its KMS key carries the four tags',
    (_, stack) => {
      const all = stack.node
        .findAll()
        .filter((c): c is TerraformResource => c instanceof TerraformResource && 'tagsInput' in c);
      // Keys stay untagged: tagging one as it is created needs kms:TagResource on any key.
      const keys = all.filter((c) => c instanceof KmsKey);
      expect(keys.map((k) => (k as KmsKey).tagsInput)).toEqual([undefined]);
      const taggable = all.filter((c) => !(c instanceof KmsKey));
      expect(taggable.length).toBeGreaterThan(15);
      for (const resource of taggable) {
        const tags = (resource as unknown as { tagsInput?: Record<string, string> }).tagsInput;
        expect({ path: resource.node.path, tags }).toEqual({
          path: resource.node.path,
          tags: expect.objectContaining({
            team: stack.node.id.replace('team-', ''),
            workshop: 'rfm-workshop',
            expires: '2030-06-30',
            'managed-by': 'cdktf',
          }),
        });
      }
    },
  );

  test('a provider for the team region only, with no emulator endpoints', () => {
    expect(serverless.synth).toHaveProviderWithProperties(AwsProvider, { region: 'eu-west-1' });
    expect(JSON.stringify(parseSynth(serverless.synth).provider)).not.toMatch(
      /endpoints|access_key/,
    );
  });

  test('emulator endpoints only when the stack is given one', () => {
    const { synth } = build(environment('emu'), { url: 'http://127.0.0.1:5000' });
    const [provider] = parseSynth(synth).provider!.aws as Array<Record<string, unknown>>;
    expect(provider).toMatchObject({
      access_key: 'test',
      s3_use_path_style: true,
      endpoints: [
        expect.objectContaining({ s3: 'http://127.0.0.1:5000', redshift: 'http://127.0.0.1:5000' }),
      ],
    });
  });

  test('serverless: three subnets, a QuickSight VPC connection, no notebook', () => {
    expect(resourcesOf(serverless.synth, 'aws_subnet')).toHaveLength(3);
    expect(resourcesOf(serverless.synth, 'aws_redshiftserverless_workgroup')).toHaveLength(1);
    expect(resourcesOf(serverless.synth, 'aws_quicksight_vpc_connection')).toHaveLength(1);
    expect(resourcesOf(serverless.synth, 'aws_sagemaker_notebook_instance')).toHaveLength(0);
  });

  test('provisioned: two subnets, the notebook in the VPC, no QuickSight VPC connection', () => {
    expect(resourcesOf(provisioned.synth, 'aws_subnet')).toHaveLength(2);
    expect(resourcesOf(provisioned.synth, 'aws_redshift_cluster')).toHaveLength(1);
    expect(provisioned.synth).toHaveResourceWithProperties(SagemakerNotebookInstance, {
      name: 'workshop-bank',
      instance_type: 'ml.c5.xlarge',
      volume_size: 50,
    });
    expect(resourcesOf(provisioned.synth, 'aws_quicksight_vpc_connection')).toHaveLength(0);
  });

  test('an existing VPC from the environment', () => {
    const { synth } = build(
      environment('netted', {
        network:
          'network: { vpcId: vpc-0abc1234, subnetIds: [subnet-0aaa1111, subnet-0bbb2222, subnet-0ccc3333] }',
      }),
    );
    expect(resourcesOf(synth, 'aws_vpc')).toHaveLength(0);
    expect(resourcesOf(synth, 'aws_redshiftserverless_workgroup')[0]!.subnet_ids).toEqual([
      'subnet-0aaa1111',
      'subnet-0bbb2222',
      'subnet-0ccc3333',
    ]);
  });

  test.each([
    [
      'serverless',
      serverless.synth,
      [STACK_OUTPUT.workgroup, STACK_OUTPUT.namespace, STACK_OUTPUT.quicksightVpcConnectionArn],
    ],
    ['provisioned', provisioned.synth, [STACK_OUTPUT.clusterId]],
  ])('the %s stack declares the outputs readStackOutputs reads', (_, synth, specific) => {
    const outputs = parseSynth(synth).output!;
    const common = [
      STACK_OUTPUT.region,
      STACK_OUTPUT.dataBucket,
      STACK_OUTPUT.dataPrefix,
      STACK_OUTPUT.kmsKeyArn,
      STACK_OUTPUT.redshiftRoleArn,
      STACK_OUTPUT.sagemakerRoleArn,
      STACK_OUTPUT.modelPackageGroup,
      STACK_OUTPUT.quicksightGroup,
      STACK_OUTPUT.trainingSubnetIds,
      STACK_OUTPUT.trainingSecurityGroupId,
      STACK_OUTPUT.warehouseType,
      STACK_OUTPUT.database,
      STACK_OUTPUT.secretArn,
    ];
    expect(Object.keys(outputs).sort()).toEqual([...common, ...specific].sort());
    // What `terraform output -json` would print, with every reference replaced by a value.
    const printed = Object.fromEntries(
      Object.entries(outputs).map(([name, o]) => [
        name,
        {
          sensitive: false,
          type: 'string',
          value: String(o.value).includes('${') ? `value-of-${name}` : o.value,
        },
      ]),
    );
    expect(() => readStackOutputs(JSON.stringify(printed))).not.toThrow();
  });
});
