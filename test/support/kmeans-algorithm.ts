/**
 * Plays SageMaker's built-in KMeans for tests against moto, whose training jobs complete at once
 * and write nothing: right after CreateTrainingJob, read the train channel's CSV from S3, cluster
 * it with the TypeScript trainer, and put a model.tar.gz (MXNet NDArray, float32) where the job's
 * output points, as the real algorithm would.
 */
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { CreateTrainingJobCommandInput, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { trainKMeans } from '../../actions/lib/segmentation/kmeans/kmeans.js';
import { kmeansArtifact } from './model-artifact.js';

/** What the stand-in algorithm did for one job. */
export interface PlayedJob {
  readonly input: CreateTrainingJobCommandInput;
  readonly rows: number;
  /** The centroids written, before float32 rounding. */
  readonly centroids: number[][];
  readonly artifactUrl: string;
}

function split(url: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(url);
  if (m === null) throw new Error(`not an S3 URL: ${url}`);
  return { bucket: m[1] as string, key: m[2] as string };
}

/** Installs the stand-in on `sm`; returns the jobs it has played. */
export function playKMeansAlgorithm(sm: SageMakerClient, s3: S3Client): PlayedJob[] {
  const played: PlayedJob[] = [];
  sm.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'CreateTrainingJobCommand') {
        played.push(await play(s3, args.input as CreateTrainingJobCommandInput));
      }
      return result;
    },
    { step: 'initialize', name: 'playKMeansAlgorithm' },
  );
  return played;
}

async function play(s3: S3Client, input: CreateTrainingJobCommandInput): Promise<PlayedJob> {
  const train = input.InputDataConfig?.find((c) => c.ChannelName === 'train');
  const uri = train?.DataSource?.S3DataSource?.S3Uri;
  if (uri === undefined) throw new Error('CreateTrainingJob without a train channel');
  const { bucket, key } = split(uri);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key }));
  const values: number[] = [];
  let dim = 0;
  for (const object of listed.Contents ?? []) {
    const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
    for (const line of (await body.Body?.transformToString())?.split('\n') ?? []) {
      if (line === '') continue;
      const row = line.split(',').map(Number);
      dim = row.length;
      values.push(...row);
    }
  }
  const k = Number(input.HyperParameters?.k);
  if (dim !== Number(input.HyperParameters?.feature_dim)) {
    throw new Error(
      `train channel has ${dim} columns, feature_dim is ${input.HyperParameters?.feature_dim}`,
    );
  }
  const model = trainKMeans(Float64Array.from(values), dim, { k, seed: 1, restarts: 2 });
  const centroids = Array.from({ length: k }, (_, c) =>
    Array.from(model.centroids.subarray(c * dim, (c + 1) * dim)),
  );
  const output = input.OutputDataConfig?.S3OutputPath ?? '';
  const artifactUrl = `${output.replace(/\/$/, '')}/${input.TrainingJobName}/output/model.tar.gz`;
  const target = split(artifactUrl);
  await s3.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: target.key,
      Body: await kmeansArtifact(centroids),
    }),
  );
  return { input, rows: values.length / dim, centroids, artifactUrl };
}
