/**
 * The one place a team's backend is opened: its warehouse, loader, trainer, model registry and
 * dashboard publisher, wired from the environment and either the local state folder (a DuckDB
 * file, or a PostgreSQL server) or the team stack's outputs (Redshift, SageMaker, QuickSight). Every CLI
 * command and every action calls `openTeamBackend`; nothing else constructs a warehouse or an AWS
 * client. Each backend is its own module, imported when it is opened, so that a local command
 * never loads the AWS SDK (nor `pg` without a database URL): loading them costs most of a second.
 */
import type { Environment } from '../../../contracts/environment/schema.js';
import type { StackOutputs } from '../../../contracts/stack-outputs.js';
import type { Publisher } from '../dashboards/publisher.js';
import type { TargetOverrides } from '../dashboards/quicksight-target.js';
import type { Loader } from '../load/loader.js';
import type { ModelFolder } from '../segmentation/registries/model-folder.js';
import type { ModelRegistry } from '../segmentation/registries/model-registry.js';
import type { Trainer } from '../segmentation/trainers/trainer.js';
import type { TrainingWaitOptions } from '../segmentation/trainers/training-job.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { AwsClientFactory } from './aws-clients.js';

export type BackendKind = 'local' | 'aws';

/** Who is running, for the registry's metadata and the training job's tags. */
export interface RunIdentity {
  readonly commit: string;
  readonly runId: string;
}

export interface OpenBackendOptions {
  readonly env: Environment;
  readonly backend: BackendKind;
  /** Local: where `.workshop/<team>/` and `out/<team>/` live. */
  readonly stateRoot: string;
  /** Local: a PostgreSQL server (postgres://…) instead of the team's DuckDB file. */
  readonly databaseUrl?: string;
  /** AWS: the team stack's `terraform output -json`, as a file path or already read. */
  readonly stackOutputs?: string | StackOutputs;
  /** Aborting (Ctrl-C, a cancelled job) cancels the running statement or wait. */
  readonly signal?: AbortSignal;
  /** AWS: bound on one Data API statement or batch; default the warehouse's (15 minutes). */
  readonly statementTimeoutMs?: number;
  readonly run: RunIdentity;
  /** AWS: overrides the environment file's SageMaker instance type. */
  readonly instanceType?: string;
  /** AWS: QuickSight settings the environment file and stack outputs do not hold. */
  readonly quickSight?: TargetOverrides;
  /**
   * AWS: the SDK clients, owned (and destroyed) by the caller; default real clients with
   * `userAgent`, destroyed by `close`.
   */
  readonly clients?: AwsClientFactory;
  readonly userAgent?: string;
  /** Tests: the clock and jitter of every bounded wait (Data API polls, training, ingestions). */
  readonly waits?: Pick<TrainingWaitOptions, 'clock' | 'random'>;
  readonly now?: () => Date;
  readonly log?: (line: string) => void;
}

/** A team's open backend; `close` releases the warehouse and every client. */
export interface TeamBackend {
  readonly env: Environment;
  readonly kind: BackendKind;
  /** Where the warehouse is, for messages: a folder, a URL without password, or a Redshift target. */
  readonly where: string;
  readonly wh: Warehouse;
  readonly loader: Loader;
  readonly trainer: Trainer;
  readonly registry: ModelRegistry;
  readonly publisher: Publisher;
  /** Local: the team's model folder (`.workshop/<team>/models`). */
  readonly models?: ModelFolder;
  /** AWS: the stack outputs the backend was opened with. */
  readonly stack?: StackOutputs;
  readonly run: RunIdentity;
  close(): Promise<void>;
}

/** Opens `options.env.team`'s backend. The caller closes it. */
export async function openTeamBackend(options: OpenBackendOptions): Promise<TeamBackend> {
  if (options.backend === 'local') {
    const { openLocalBackend } = await import('./backend-local.js');
    return openLocalBackend(options);
  }
  const { openAwsBackend } = await import('./backend-aws.js');
  return openAwsBackend(options);
}

/**
 * A throwaway in-memory DuckDB with `migrationsDir` applied, and its loader (scratch files under
 * `scratchDir`): where an AWS load refused by a data check is loaded again to list the check's
 * rows, which Redshift does not return from inside a load. The caller closes it.
 */
export async function openReplayWarehouse(
  migrationsDir: string,
  scratchDir: string,
): Promise<{ loader: Loader; close: () => Promise<void> }> {
  const { openLocalReplayWarehouse } = await import('./backend-local.js');
  return openLocalReplayWarehouse(migrationsDir, scratchDir);
}

export interface IdentityWarehouseOptions {
  readonly env: Environment;
  readonly clients: AwsClientFactory;
  readonly signal?: AbortSignal;
  readonly waits?: Pick<TrainingWaitOptions, 'clock' | 'random'>;
}

/** A warehouse opened as the caller's own identity; `close` destroys the client it made. */
export interface IdentityWarehouse {
  readonly wh: Warehouse;
  close(): Promise<void>;
}

/**
 * The team's Redshift warehouse as the caller's own IAM identity, without a secret or stack
 * outputs: found by its name (contracts/naming.ts) and the environment's database. The drift
 * check reads the migration history this way as the drift role's database user `IAMR:<role>`,
 * which may read that table only.
 */
export async function openIdentityWarehouse(
  options: IdentityWarehouseOptions,
): Promise<IdentityWarehouse> {
  const { openAwsIdentityWarehouse } = await import('./backend-aws.js');
  return openAwsIdentityWarehouse(options);
}
