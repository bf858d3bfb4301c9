/** The trainer and registry of each backend, wired from the environment and the stack outputs. */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Environment } from '../../../contracts/environment/schema.js';
import type { StackOutputs } from '../../../contracts/stack-outputs.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { FolderModelRegistry } from './local-registry.js';
import { localTrainer } from './local-trainer.js';
import type { ModelRegistry, Trainer } from './model-registry.js';
import { LocalModelRegistry } from './registry.js';
import { SageMakerModelRegistry } from './sagemaker-registry.js';
import { sageMakerTrainer } from './sagemaker.js';
import { resolveSageMakerSettings, type TrainingWaitOptions } from './training-job.js';

/** A trainer and the registry its models go to. */
export interface TrainingBackend {
  readonly trainer: Trainer;
  readonly registry: ModelRegistry;
}

/** What the AWS backend needs; the caller creates the clients for `stack.region`. */
export interface AwsClients {
  readonly sagemaker: SageMakerClient;
  readonly s3: S3Client;
  readonly stack: StackOutputs;
  readonly wait?: Pick<TrainingWaitOptions, 'clock' | 'random' | 'signal'>;
}

/** The TypeScript trainer and the model folder (e.g. `.workshop/<team>/models`). */
export function localBackend(env: Environment, modelsDir: string): TrainingBackend {
  return {
    trainer: localTrainer(env.model),
    registry: new FolderModelRegistry(new LocalModelRegistry(modelsDir)),
  };
}

/** A SageMaker training job per run and the team's model package group. */
export function awsBackend(
  env: Environment,
  wh: Warehouse,
  aws: AwsClients,
  run: {
    commit: string;
    runId: string;
    instanceType?: string;
    now?: () => Date;
    log?: (line: string) => void;
  },
): TrainingBackend {
  if (aws.stack.region !== env.region) {
    throw new Error(
      `the stack outputs are for region ${aws.stack.region}, the environment file says ${env.region}; pass the outputs of team ${env.team}'s stack`,
    );
  }
  return {
    trainer: sageMakerTrainer({
      wh,
      sagemaker: aws.sagemaker,
      s3: aws.s3,
      stack: aws.stack,
      settings: resolveSageMakerSettings(
        env.model,
        run.instanceType === undefined ? {} : { instanceType: run.instanceType },
      ),
      team: env.team,
      commit: run.commit,
      runId: run.runId,
      ...(run.now === undefined ? {} : { now: run.now }),
      ...(aws.wait === undefined ? {} : { wait: aws.wait }),
      ...(run.log === undefined ? {} : { log: run.log }),
    }),
    registry: new SageMakerModelRegistry({
      sagemaker: aws.sagemaker,
      s3: aws.s3,
      stack: aws.stack,
      team: env.team,
    }),
  };
}
