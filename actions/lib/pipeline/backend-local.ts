/**
 * The local backend: the team's DuckDB file (or a PostgreSQL server) under the state folder, the
 * in-process trainer, the model folder and the HTML page. Only backend.ts imports this module;
 * `pg` is loaded only when a database URL is given.
 */
import { sourceCurrency } from '../../../contracts/environment/schema.js';
import { pagePublisher } from '../dashboards/publisher.js';
import { duckDbLoader } from '../load/duckdb-loader.js';
import { localLoader, type Loader } from '../load/loader.js';
import { readMigrations } from '../migrations/files.js';
import { migrate } from '../migrations/runner.js';
import { LocalModelRegistry } from '../segmentation/registries/local-registry.js';
import { ModelFolder } from '../segmentation/registries/model-folder.js';
import { localTrainer } from '../segmentation/trainers/local-trainer.js';
import { redact } from '../warehouse/database-url.js';
import { DuckDbWarehouse } from '../warehouse/duckdb.js';
import type { PostgresWarehouse } from '../warehouse/postgres.js';
import type { OpenBackendOptions, TeamBackend } from './backend.js';
import { localPaths } from './paths.js';
import { lockTeam } from './team-lock.js';

/** Opens the local backend of `options.env.team`, holding the team's lock until `close`. */
export async function openLocalBackend(options: OpenBackendOptions): Promise<TeamBackend> {
  const { env } = options;
  if (options.stackOutputs !== undefined) {
    throw new Error('stack outputs are for the aws backend; the local backend has no stack');
  }
  const paths = localPaths(options.stateRoot, env.team);
  const lock = await lockTeam(env.team, paths.lock);
  if (lock.tookOverFrom !== undefined)
    options.log?.(
      `took over the lock of pid ${lock.tookOverFrom.pid}, which no longer runs (started ${lock.tookOverFrom.started})`,
    );
  let wh: DuckDbWarehouse | PostgresWarehouse;
  try {
    wh =
      options.databaseUrl === undefined
        ? await DuckDbWarehouse.open(paths.database)
        : await connectPostgres(options.databaseUrl);
  } catch (error) {
    await lock.release();
    if (options.databaseUrl !== undefined) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot open ${paths.database}: ${reason}. If the file is damaged, run workshop reset --team ${env.team} (it keeps the team's models in ${paths.models}) and run again`,
    );
  }
  const models = new ModelFolder(paths.models);
  return {
    env,
    kind: 'local',
    where: options.databaseUrl === undefined ? paths.database : redact(options.databaseUrl),
    wh,
    loader: wh instanceof DuckDbWarehouse ? duckDbLoader(wh, paths.scratch) : localLoader(wh),
    trainer: localTrainer(env.model),
    registry: new LocalModelRegistry(models),
    publisher: pagePublisher(wh, env.team, paths.defaultOut, sourceCurrency(env.source)),
    models,
    run: options.run,
    close: async () => {
      try {
        await wh.close();
      } finally {
        await lock.release();
      }
    },
  };
}

/** A PostgreSQL server instead of the team's DuckDB file; `pg` is loaded here, not before. */
async function connectPostgres(url: string): Promise<PostgresWarehouse> {
  const { PostgresWarehouse } = await import('../warehouse/postgres.js');
  return PostgresWarehouse.connect(url);
}

/** See `openReplayWarehouse` in backend.ts. */
export async function openLocalReplayWarehouse(
  migrationsDir: string,
  scratchDir: string,
): Promise<{ loader: Loader; close: () => Promise<void> }> {
  const wh = await DuckDbWarehouse.open();
  try {
    await migrate(wh, await readMigrations(migrationsDir));
  } catch (error) {
    await wh.close();
    throw error;
  }
  return { loader: duckDbLoader(wh, scratchDir), close: () => wh.close() };
}
