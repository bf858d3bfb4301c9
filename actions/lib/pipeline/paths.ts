import { join } from 'node:path';

/** Where a team's local state lives: git-ignored, safe to delete (the next run rebuilds it). */
export function teamWorkDir(root: string, team: string): string {
  return join(root, '.workshop', team);
}

export const localPaths = (root: string, team: string) => {
  const work = teamWorkDir(root, team);
  return {
    work,
    /** The team's DuckDB database file. */
    database: join(work, 'warehouse.duckdb'),
    /** Files a load writes on its way into the database, removed after it. */
    scratch: join(work, 'scratch'),
    /** Held by the one process working on the team (team-lock.ts). */
    lock: join(work, 'lock'),
    models: join(work, 'models'),
    sampleData: join(work, 'sample-data'),
    defaultOut: join(root, 'out', team),
  };
};
