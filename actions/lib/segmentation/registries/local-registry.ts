/**
 * The local backend's {@link registry.ModelRegistry}: the model folder (`v000N/model.json`) with the
 * metrics JSON beside each model.json, the same JSON the SageMaker registry writes to S3.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ApprovalStatus } from '../approval.js';
import { metricsJson, type ModelMetricsReport } from '../metrics.js';
import type * as registry from './model-registry.js';
import { selectionField, type ModelFolder } from './model-folder.js';

/** The metrics JSON's file name in a version folder. */
export const METRICS_FILE = 'metrics.json';

/** A {@link ModelFolder} folder as a {@link registry.ModelRegistry}. */
export class LocalModelRegistry implements registry.ModelRegistry {
  readonly kind = 'local';

  constructor(readonly models: ModelFolder) {}

  /** Where the metrics JSON of `version` is (whether or not it exists). */
  metricsPathOf(version: number): string {
    return join(dirname(this.models.pathOf(version)), METRICS_FILE);
  }

  async prepare(): Promise<void> {
    await mkdir(this.models.dir, { recursive: true });
  }

  async latestApproved(): Promise<registry.ApprovedVersion | undefined> {
    const records = await this.models.list();
    for (let i = records.length - 1; i >= 0; i--) {
      const r = records[i];
      if (r !== undefined && (r.approval_status ?? 'Approved') === 'Approved') {
        return {
          version: r.version,
          ref: this.models.pathOf(r.version),
          centroids: r.centroids,
          ...(r.scaling === undefined ? {} : { scaling: r.scaling }),
        };
      }
    }
    return undefined;
  }

  async get(version: number): Promise<registry.StoredVersion> {
    const record = await this.models.get(version);
    const file = this.metricsPathOf(version);
    const metrics = JSON.parse(
      await readFile(file, 'utf8').catch(() => {
        throw new Error(`model version ${version} has no ${file}; train a new version instead`);
      }),
    ) as ModelMetricsReport;
    return {
      version,
      ref: this.models.pathOf(version),
      status: record.approval_status ?? 'Approved',
      centroids: record.centroids,
      metrics,
      metricsUri: file,
    };
  }

  async setStatus(version: number, status: ApprovalStatus, reason: string): Promise<void> {
    await this.models.setApproval(version, status, reason);
  }

  async register({
    model,
    metrics,
    approval,
  }: registry.Registration): Promise<registry.RegisteredVersion> {
    if (model.local === undefined) {
      throw new Error(
        'the local model registry takes models trained by the TypeScript trainer only',
      );
    }
    const record = await this.models.register({
      created_at: metrics.created_at,
      k: metrics.k,
      feature_names: [...metrics.feature_names],
      centroids: model.centroids.map((c) => [...c]),
      inertia: metrics.inertia,
      msd: metrics.msd,
      iterations: model.local.iterations,
      restarts: model.local.restarts,
      seed: model.local.seed,
      n: metrics.n,
      sizes: [...metrics.sizes],
      data_fingerprint: metrics.data_fingerprint,
      ...(metrics.scaling === undefined ? {} : { scaling: metrics.scaling }),
      ...(metrics.clusters === undefined
        ? {}
        : {
            clusters: metrics.clusters.map((c) => ({
              ...c,
              centroid_real: [...c.centroid_real],
              profile: [...c.profile],
            })),
          }),
      ...(metrics.training === undefined ? {} : { training: metrics.training }),
      ...(metrics.training_key === undefined ? {} : { training_key: metrics.training_key }),
      ...selectionField(metrics.k_selection),
      approval_status: approval.status,
      approval_reason: approval.reason,
      commit: metrics.commit,
      run_id: metrics.run_id,
    });
    const metricsUri = this.metricsPathOf(record.version);
    await writeFile(metricsUri, metricsJson(metrics), 'utf8');
    return {
      version: record.version,
      ref: this.models.pathOf(record.version),
      status: approval.status,
      metricsUri,
    };
  }
}
