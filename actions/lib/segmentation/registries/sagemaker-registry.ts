/**
 * The AWS backend's {@link registry.ModelRegistry}: the team's SageMaker model package group. Each version
 * is a model package with the KMeans image and model.tar.gz as its inference specification, the
 * metrics JSON (written to S3) as its model-quality statistics, and the approval status.
 */
import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  ListModelPackagesCommand,
  UpdateModelPackageCommand,
  type CreateModelPackageCommandInput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { StackOutputs } from '../../../../contracts/stack-outputs.js';
import type { ApprovalStatus } from '../approval.js';
import { metricsJson, type ModelMetricsReport } from '../metrics.js';
import { readModelArtifact } from '../artifacts/model-artifact.js';
import { scalingParametersSchema } from '../scaling.js';
import type * as registry from './model-registry.js';
import { getObjectBytes, putObject, s3Url } from '../artifacts/s3-objects.js';

/** Characters SageMaker accepts in CustomerMetadataProperties values (≤ 256 of them). */
const METADATA_VALUE = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;

/** The clients, the team, and where the team's group, bucket and key are. */
export interface SageMakerRegistryOptions {
  readonly sagemaker: SageMakerClient;
  readonly s3: S3Client;
  readonly stack: Pick<
    StackOutputs,
    'modelPackageGroup' | 'dataBucket' | 'dataPrefix' | 'kmsKeyArn'
  >;
  readonly team: string;
}

/** The team's model package group as a {@link registry.ModelRegistry}. */
export class SageMakerModelRegistry implements registry.ModelRegistry {
  readonly kind = 'sagemaker';

  constructor(private readonly options: SageMakerRegistryOptions) {}

  private get group(): string {
    return this.options.stack.modelPackageGroup;
  }

  /** The team stack creates the group; this creates it only when it is missing. */
  async prepare(): Promise<void> {
    const { sagemaker, team } = this.options;
    try {
      await sagemaker.send(
        new DescribeModelPackageGroupCommand({ ModelPackageGroupName: this.group }),
      );
      return;
    } catch (err) {
      if (!isMissing(err)) {
        throw new Error(`cannot read model package group ${this.group}: ${(err as Error).message}`);
      }
    }
    await sagemaker.send(
      new CreateModelPackageGroupCommand({
        ModelPackageGroupName: this.group,
        ModelPackageGroupDescription: `KMeans customer segments of team ${team}`,
        Tags: [{ Key: 'team', Value: team }],
      }),
    );
  }

  async latestApproved(): Promise<registry.ApprovedVersion | undefined> {
    const { sagemaker, s3 } = this.options;
    const list = await sagemaker.send(
      new ListModelPackagesCommand({
        ModelPackageGroupName: this.group,
        ModelApprovalStatus: 'Approved',
        SortBy: 'CreationTime',
        SortOrder: 'Descending',
        MaxResults: 1,
      }),
    );
    const arn = list.ModelPackageSummaryList?.[0]?.ModelPackageArn;
    if (arn === undefined) return undefined;
    const pkg = await sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
    const url = pkg.InferenceSpecification?.Containers?.[0]?.ModelDataUrl;
    if (url === undefined) {
      throw new Error(
        `approved model package ${arn} has no ModelDataUrl; reject it in the model registry or register a model with one`,
      );
    }
    const model = await readModelArtifact(await getObjectBytes(s3, url), url);
    const metricsUrl = pkg.ModelMetrics?.ModelQuality?.Statistics?.S3Uri;
    const scaling =
      metricsUrl === undefined ? undefined : (await readMetrics(s3, metricsUrl)).scaling;
    return {
      version: pkg.ModelPackageVersion ?? versionOf(arn),
      ref: arn,
      centroids: model.centroids,
      ...(scaling === undefined ? {} : { scaling }),
    };
  }

  /** The ARN of `version` in the team's group; throws naming the group when there is none. */
  private async arnOf(version: number): Promise<string> {
    let token: string | undefined;
    do {
      const page = await this.options.sagemaker.send(
        new ListModelPackagesCommand({ ModelPackageGroupName: this.group, NextToken: token }),
      );
      const found = page.ModelPackageSummaryList?.find(
        (p) => p.ModelPackageArn !== undefined && versionOf(p.ModelPackageArn) === version,
      );
      if (found?.ModelPackageArn !== undefined) return found.ModelPackageArn;
      token = page.NextToken;
    } while (token !== undefined);
    throw new Error(`model package group ${this.group} has no version ${version}`);
  }

  async get(version: number): Promise<registry.StoredVersion> {
    const { sagemaker, s3 } = this.options;
    const arn = await this.arnOf(version);
    const pkg = await sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
    const modelUrl = pkg.InferenceSpecification?.Containers?.[0]?.ModelDataUrl;
    const metricsUrl = pkg.ModelMetrics?.ModelQuality?.Statistics?.S3Uri;
    if (modelUrl === undefined || metricsUrl === undefined) {
      throw new Error(
        `model package ${arn} has no model data or no metrics JSON; it was not registered by this workshop, so reject it`,
      );
    }
    const model = await readModelArtifact(await getObjectBytes(s3, modelUrl), modelUrl);
    const metrics = await readMetrics(s3, metricsUrl);
    return {
      version,
      ref: arn,
      status: (pkg.ModelApprovalStatus ?? 'PendingManualApproval') as ApprovalStatus,
      centroids: model.centroids,
      metrics,
      metricsUri: metricsUrl,
    };
  }

  async setStatus(version: number, status: ApprovalStatus, reason: string): Promise<void> {
    await this.options.sagemaker.send(
      new UpdateModelPackageCommand({
        ModelPackageArn: await this.arnOf(version),
        ModelApprovalStatus: status,
        ApprovalDescription: reason.slice(0, 1024),
      }),
    );
  }

  async register({
    model,
    metrics,
    approval,
  }: registry.Registration): Promise<registry.RegisteredVersion> {
    const { job } = model;
    if (job === undefined) {
      throw new Error('the SageMaker model registry takes models trained by a SageMaker job only');
    }
    const { stack, sagemaker, s3 } = this.options;
    const prefix = stack.dataPrefix.endsWith('/') ? stack.dataPrefix : `${stack.dataPrefix}/`;
    const metricsUri = s3Url(stack.dataBucket, `${prefix}models/${job.name}/metrics.json`);
    const body = metricsJson(metrics);
    await putObject(s3, metricsUri, body, {
      contentType: 'application/json',
      kmsKeyArn: stack.kmsKeyArn,
    });
    const input: CreateModelPackageCommandInput = {
      ModelPackageGroupName: this.group,
      ModelPackageDescription:
        `KMeans, k = ${metrics.k}, msd ${metrics.msd.toPrecision(6)} on ${metrics.n} customers, job ${job.name}. Approval: ${approval.reason}`.slice(
          0,
          1024,
        ),
      InferenceSpecification: {
        Containers: [{ Image: job.image, ModelDataUrl: job.modelDataUrl }],
        SupportedContentTypes: ['text/csv'],
        SupportedResponseMIMETypes: ['text/csv', 'application/json'],
      },
      ModelApprovalStatus: approval.status,
      ModelMetrics: {
        ModelQuality: {
          Statistics: {
            ContentType: 'application/json',
            S3Uri: metricsUri,
            ContentDigest: `sha256:${createHash('sha256').update(body).digest('hex')}`,
          },
        },
      },
      MetadataProperties: {
        CommitId: metrics.commit,
        GeneratedBy: job.arn,
        ProjectId: this.options.team,
      },
      CustomerMetadataProperties: metadata({
        team: this.options.team,
        commit: metrics.commit,
        run_id: metrics.run_id,
        training_job: job.name,
        k: String(metrics.k),
        msd: String(metrics.msd),
        data_fingerprint: metrics.data_fingerprint,
        ...(metrics.scaling === undefined
          ? {}
          : {
              scaling: metrics.scaling.scaling,
              features: metrics.scaling.features.map((f) => f.feature).join(' '),
            }),
        ...(metrics.training_key === undefined ? {} : { training_key: metrics.training_key }),
        ...(metrics.clusters === undefined
          ? {}
          : { cluster_names: metrics.clusters.map((c) => c.name.replaceAll(',', '')).join(' / ') }),
      }),
      // Retrying the same job's registration must not create a second version.
      ClientToken: createHash('sha256').update(job.arn).digest('hex').slice(0, 32),
    };
    let arn: string | undefined;
    try {
      arn = (await sagemaker.send(new CreateModelPackageCommand(input))).ModelPackageArn;
    } catch (err) {
      throw new Error(
        `CreateModelPackage in group ${this.group} failed: ${(err as Error).message}`,
      );
    }
    if (arn === undefined) throw new Error('CreateModelPackage returned no ModelPackageArn');
    return { version: versionOf(arn), ref: arn, status: approval.status, metricsUri };
  }
}

/**
 * The metrics JSON of a version; its `scaling` (the parameters centroids map back with) is
 * checked, since scoring applies it.
 */
async function readMetrics(s3: S3Client, url: string): Promise<ModelMetricsReport> {
  let report: ModelMetricsReport;
  try {
    report = JSON.parse(
      Buffer.from(await getObjectBytes(s3, url)).toString('utf8'),
    ) as ModelMetricsReport;
  } catch (err) {
    throw new Error(
      `${url}: not a readable metrics JSON (${(err as Error).message}); reject that version`,
    );
  }
  if (report.scaling !== undefined) {
    const checked = scalingParametersSchema.safeParse(report.scaling);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new Error(
        `${url}: field scaling.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}; the scaling parameters cannot be applied, so reject that version`,
      );
    }
  }
  return report;
}

/** The version at the end of a versioned model package ARN (`…:model-package/<group>/<n>`). */
export function versionOf(arn: string): number {
  const match = /\/(\d+)$/.exec(arn);
  if (match === null) throw new Error(`"${arn}" is not the ARN of a versioned model package`);
  return Number(match[1]);
}

function metadata(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, v.replace(METADATA_VALUE, '_').slice(0, 256)]),
  );
}

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; message?: string };
  return (
    e.name === 'ResourceNotFound' ||
    (e.name === 'ValidationException' && /does not exist|not found/i.test(e.message ?? ''))
  );
}
