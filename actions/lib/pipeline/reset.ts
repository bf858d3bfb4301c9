/**
 * Starts a team's local database over: deletes the DuckDB file (and its write-ahead log) and the
 * scratch folder, under the team's lock; the registered models and the sample data stay.
 */
import { rm } from 'node:fs/promises';
import { localPaths } from './paths.js';
import { lockTeam } from './team-lock.js';

/** Returns what was deleted. The next run migrates and loads a new database. */
export async function resetTeam(stateRoot: string, team: string): Promise<string[]> {
  const paths = localPaths(stateRoot, team);
  const lock = await lockTeam(team, paths.lock);
  try {
    const targets = [paths.database, `${paths.database}.wal`, paths.scratch];
    for (const target of targets) await rm(target, { recursive: true, force: true });
    return targets;
  } finally {
    await lock.release();
  }
}
