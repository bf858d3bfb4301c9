/**
 * A local model registry: one folder per version (`v0001/model.json`, `v0002/model.json`, …),
 * written atomically and validated when read.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { clusterDescriptionSchema, type ClusterDescription } from '../cluster-names.js';
import { trainingParametersSchema, type TrainingParameters } from '../fingerprint.js';
import type { KCurvePoint } from '../kmeans/choose-k.js';
import type { KMeansResult } from '../kmeans/kmeans.js';
import { scalingParametersSchema, type ScalingParameters } from '../scaling.js';

/** What the registry stores for one trained model (snake_case, as written to model.json). */
export interface ModelRecord {
  version: number;
  /** ISO 8601 timestamp. */
  created_at: string;
  k: number;
  feature_names: string[];
  centroids: number[][];
  inertia: number;
  msd: number;
  iterations: number;
  restarts: number;
  seed: number;
  n: number;
  sizes: number[];
  data_fingerprint: string;
  /** How the features were scaled before KMeans; absent on versions registered before it was stored. */
  scaling?: ScalingParameters;
  /** Per cluster id: its generated name, centroid in real units and profile. */
  clusters?: ClusterDescription[];
  training?: TrainingParameters;
  training_key?: string;
  selection?: { criterion: 'silhouette'; curve: KCurvePoint[] };
  /**
   * Set by the train action's approval rule; absent on models registered by `workshop run`,
   * which are always activated and count as approved.
   */
  approval_status?: 'Approved' | 'PendingManualApproval' | 'Rejected';
  approval_reason?: string;
  commit?: string;
  run_id?: string;
}

const MODEL_FILE = 'model.json';
const VERSION_DIR = /^v(\d{4,})$/;
/** How many times `register` tries the next version when another writer claimed it first. */
const CLAIM_ATTEMPTS = 20;

/** zod 4 numbers reject NaN and ±Infinity. */
const finite = z.number();
const count = z.int().min(0);

const curvePointSchema = z.strictObject({
  k: z.int().min(1),
  inertia: finite,
  msd: finite,
  silhouette: finite,
});

const recordSchema = z
  .strictObject({
    version: z.int().min(1),
    created_at: z.iso.datetime({ offset: true }),
    k: z.int().min(1),
    feature_names: z.array(z.string().min(1)).min(1),
    centroids: z.array(z.array(finite)),
    inertia: finite.min(0),
    msd: finite.min(0),
    iterations: count,
    restarts: z.int().min(1),
    seed: z.int(),
    n: z.int().min(1),
    sizes: z.array(count),
    data_fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/, {
      error: 'expected sha256:<64 hex digits>',
    }),
    scaling: scalingParametersSchema.optional(),
    clusters: z.array(clusterDescriptionSchema).optional(),
    training: trainingParametersSchema.optional(),
    training_key: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, { error: 'expected sha256:<64 hex digits>' })
      .optional(),
    selection: z
      .strictObject({ criterion: z.literal('silhouette'), curve: z.array(curvePointSchema) })
      .optional(),
    approval_status: z.enum(['Approved', 'PendingManualApproval', 'Rejected']).optional(),
    approval_reason: z.string().optional(),
    commit: z.string().optional(),
    run_id: z.string().optional(),
  })
  .superRefine((r, ctx) => {
    if (r.centroids.length !== r.k) {
      ctx.addIssue({
        code: 'custom',
        path: ['centroids'],
        message: `expected ${r.k} centroids (k)`,
      });
    }
    r.centroids.forEach((c, i) => {
      if (c.length !== r.feature_names.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['centroids', i],
          message: `expected ${r.feature_names.length} values, one per feature name`,
        });
      }
    });
    if (r.sizes.length !== r.k) {
      ctx.addIssue({ code: 'custom', path: ['sizes'], message: `expected ${r.k} sizes (k)` });
    }
    if (r.scaling !== undefined && r.scaling.features.length !== r.feature_names.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['scaling', 'features'],
        message: `expected ${r.feature_names.length} entries, one per feature name`,
      });
    }
    if (r.clusters !== undefined && r.clusters.length !== r.k) {
      ctx.addIssue({ code: 'custom', path: ['clusters'], message: `expected ${r.k} clusters (k)` });
    }
  });

/** Models stored under one folder, e.g. `.workshop/<team>/models`. */
export class ModelFolder {
  constructor(readonly dir: string) {}

  /** Path of the model.json of `version` (whether or not it exists). */
  pathOf(version: number): string {
    return join(this.dir, versionDirName(version), MODEL_FILE);
  }

  /**
   * Stores `model` as the next version (highest existing + 1) and returns the stored record. The
   * version folder is claimed with an exclusive mkdir and model.json appears in one rename.
   */
  async register(model: Omit<ModelRecord, 'version'>): Promise<ModelRecord> {
    await mkdir(this.dir, { recursive: true });
    let version = (await this.versions()).reduce((a, b) => Math.max(a, b), 0) + 1;
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++, version++) {
      const record = parseRecord({ ...model, version }, `model to register as version ${version}`);
      if (!(await claim(join(this.dir, versionDirName(version))))) continue;
      await writeAtomically(this.pathOf(version), `${JSON.stringify(record, null, 2)}\n`);
      return record;
    }
    throw new Error(
      `could not claim a new version folder in ${this.dir}; is another writer looping?`,
    );
  }

  /**
   * Every stored model, ascending by version; [] when the folder does not exist. A version folder
   * without model.json (a register still in progress) is skipped; a corrupt one throws.
   */
  async list(): Promise<ModelRecord[]> {
    const records: ModelRecord[] = [];
    for (const version of await this.versions()) {
      const record = await this.read(version);
      if (record !== undefined) records.push(record);
    }
    return records;
  }

  /** The model of `version`; throws naming the file when it is missing or invalid. */
  async get(version: number): Promise<ModelRecord> {
    if (!Number.isInteger(version) || version < 1) {
      throw new Error(`model version must be a positive integer, got ${version}`);
    }
    const record = await this.read(version);
    if (record === undefined)
      throw new Error(`no model version ${version}: ${this.pathOf(version)} does not exist`);
    return record;
  }

  /** Records a person's decision on `version` (model.json rewritten in one rename). */
  async setApproval(
    version: number,
    status: NonNullable<ModelRecord['approval_status']>,
    reason: string,
  ): Promise<ModelRecord> {
    const record = parseRecord(
      { ...(await this.get(version)), approval_status: status, approval_reason: reason },
      this.pathOf(version),
    );
    await writeAtomically(this.pathOf(version), `${JSON.stringify(record, null, 2)}\n`);
    return record;
  }

  /** The highest stored version, or undefined when there is none. */
  async latest(): Promise<ModelRecord | undefined> {
    const versions = await this.versions();
    for (let i = versions.length - 1; i >= 0; i--) {
      const record = await this.read(versions[i]);
      if (record !== undefined) return record;
    }
    return undefined;
  }

  private async versions(): Promise<number[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
    return names
      .map((name) => VERSION_DIR.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }

  private async read(version: number): Promise<ModelRecord | undefined> {
    const file = this.pathOf(version);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw new Error(`cannot read ${file}: ${(err as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new Error(
        `${file}: not valid JSON (${(err as Error).message}); delete or restore the file`,
      );
    }
    const record = parseRecord(json, file);
    if (record.version !== version) {
      throw new Error(
        `${file}: field version: is ${record.version} but the folder says ${version}`,
      );
    }
    return record;
  }
}

/** `{ selection }` with a copy of how k was chosen, or nothing when k was given. */
export function selectionField(
  selection:
    { readonly criterion: 'silhouette'; readonly curve: readonly KCurvePoint[] } | undefined,
): Pick<ModelRecord, 'selection'> {
  if (selection === undefined) return {};
  return {
    selection: { criterion: selection.criterion, curve: selection.curve.map((p) => ({ ...p })) },
  };
}

/** Builds the record to register from a trained model and what the model alone does not know. */
export function toModelRecord(
  result: KMeansResult,
  meta: {
    featureNames: string[];
    seed: number;
    dataFingerprint: string;
    createdAt: Date;
    selection?: { criterion: 'silhouette'; curve: KCurvePoint[] };
  },
): Omit<ModelRecord, 'version'> {
  if (meta.featureNames.length !== result.dim) {
    throw new Error(
      `${meta.featureNames.length} feature names for a model of ${result.dim} features; pass one name per feature`,
    );
  }
  const centroids: number[][] = [];
  for (let c = 0; c < result.k; c++) {
    centroids.push(Array.from(result.centroids.subarray(c * result.dim, (c + 1) * result.dim)));
  }
  return {
    created_at: meta.createdAt.toISOString(),
    k: result.k,
    feature_names: [...meta.featureNames],
    centroids,
    inertia: result.inertia,
    msd: result.msd,
    iterations: result.iterations,
    restarts: result.restarts,
    seed: meta.seed,
    n: result.n,
    sizes: [...result.sizes],
    data_fingerprint: meta.dataFingerprint,
    ...selectionField(meta.selection),
  };
}

function versionDirName(version: number): string {
  return `v${String(version).padStart(4, '0')}`;
}

function parseRecord(value: unknown, where: string): ModelRecord {
  const result = recordSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length === 0 ? '(root)' : issue.path.join('.');
    return `${where}: field ${field}: ${issue.message}`;
  });
  throw new Error(problems.join('\n'));
}

/** Creates `dir` exclusively; false when it already exists (another writer took that version). */
async function claim(dir: string): Promise<boolean> {
  try {
    await mkdir(dir);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
