/**
 * The AWS backend: Redshift through the Data API, SageMaker training and registry, S3 loads and
 * QuickSight, from the team stack's outputs. Only backend.ts imports this module, when a command
 * asks for `--backend aws`: loading the AWS SDK takes most of a second.
 */
import { readStackOutputsFile } from '../../../contracts/stack-outputs.js';
import { quickSightPublisher } from '../dashboards/quicksight-publisher.js';
import { quickSightTarget } from '../dashboards/quicksight-target.js';
import { awsLoadTarget, awsLoader } from '../load/aws-loader.js';
import { SageMakerModelRegistry } from '../segmentation/registries/sagemaker-registry.js';
import { sageMakerTrainer } from '../segmentation/trainers/sagemaker-trainer.js';
import { resolveSageMakerSettings } from '../segmentation/trainers/training-job.js';
import {
  RedshiftDataWarehouse,
  redshiftTarget,
  type RedshiftTarget,
} from '../warehouse/redshift-data.js';
import { awsClients } from './aws-clients.js';
import type {
  IdentityWarehouse,
  IdentityWarehouseOptions,
  OpenBackendOptions,
  TeamBackend,
} from './backend.js';
import { teamWarehouseName } from '../../../contracts/naming.js';

/** Opens the team's AWS backend from its stack outputs, checked against its environment file. */
export async function openAwsBackend(options: OpenBackendOptions): Promise<TeamBackend> {
  const { env } = options;
  if (options.databaseUrl !== undefined) {
    throw new Error('a database URL is for the local backend; the aws backend uses the Data API');
  }
  if (options.stackOutputs === undefined) {
    throw new Error(
      "the aws backend needs the team stack's outputs: the JSON of `terraform output -json` in its stack folder",
    );
  }
  const stack =
    typeof options.stackOutputs === 'string'
      ? await readStackOutputsFile(options.stackOutputs)
      : options.stackOutputs;
  const from =
    typeof options.stackOutputs === 'string' ? options.stackOutputs : 'the stack outputs';
  if (stack.region !== env.region) {
    throw new Error(
      `${from} are for region ${stack.region} but environments/${env.team}.yaml says ${env.region}; pass the outputs of team ${env.team}'s stack`,
    );
  }
  if (stack.warehouse.type !== env.warehouse.type) {
    throw new Error(
      `${from} describe a ${stack.warehouse.type} warehouse but environments/${env.team}.yaml a ${env.warehouse.type} one; apply the team stack, then export its outputs again`,
    );
  }

  const clients = options.clients ?? awsClients(options.userAgent ?? 'rfm-workshop');
  const data = clients.redshiftData(stack.region);
  const s3 = clients.s3(stack.region);
  const sagemaker = clients.sagemaker(stack.region);
  const quicksight = clients.quicksight(stack.region);
  const target = redshiftTarget(stack.warehouse);
  const wh = new RedshiftDataWarehouse({
    client: data,
    target,
    ...(options.statementTimeoutMs === undefined ? {} : { timeoutMs: options.statementTimeoutMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...options.waits,
  });
  const wait = {
    ...options.waits,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  return {
    env,
    kind: 'aws',
    where: 'clusterIdentifier' in target ? target.clusterIdentifier : target.workgroupName,
    wh,
    loader: awsLoader(wh, s3, awsLoadTarget(stack)),
    trainer: sageMakerTrainer({
      wh,
      sagemaker,
      s3,
      stack,
      settings: resolveSageMakerSettings(
        env.model,
        options.instanceType === undefined ? {} : { instanceType: options.instanceType },
      ),
      team: env.team,
      commit: options.run.commit,
      runId: options.run.runId,
      wait,
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.log === undefined ? {} : { log: options.log }),
    }),
    registry: new SageMakerModelRegistry({ sagemaker, s3, stack, team: env.team }),
    // The target is resolved when publishing, so that a missing QuickSight setting fails the
    // publish step only.
    publisher: {
      kind: 'quicksight',
      publish: (request) =>
        quickSightPublisher(
          quicksight,
          quickSightTarget(env, stack, options.quickSight ?? {}),
        ).publish(request),
    },
    stack,
    run: options.run,
    close: async () => {
      await wh.close();
      if (options.clients === undefined)
        for (const client of [data, s3, sagemaker, quicksight]) client.destroy();
    },
  };
}

/** See `openIdentityWarehouse` in backend.ts. */
export function openAwsIdentityWarehouse(options: IdentityWarehouseOptions): IdentityWarehouse {
  const { env } = options;
  const name = teamWarehouseName(env.team);
  const target: RedshiftTarget =
    env.warehouse.type === 'provisioned'
      ? { clusterIdentifier: name, database: env.warehouse.database }
      : { workgroupName: name, database: env.warehouse.database };
  const client = options.clients.redshiftData(env.region);
  const wh = new RedshiftDataWarehouse({
    client,
    target,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...options.waits,
  });
  return {
    wh,
    close: async () => {
      try {
        await wh.close();
      } finally {
        client.destroy();
      }
    },
  };
}
