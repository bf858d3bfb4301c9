import { listTeamFiles, loadTeam } from '../../../contracts/environment/load.js';
import type { Environment } from '../../../contracts/environment/schema.js';

/** The team named on the command line, or the only team when there is exactly one. */
export async function resolveEnvironment(
  dir: string,
  team: string | undefined,
): Promise<Environment> {
  if (team !== undefined) return loadTeam(dir, team);
  const teams = [...new Set((await listTeamFiles(dir, true)).map((e) => e.team))];
  if (teams.length === 1) return loadTeam(dir, teams[0] as string);
  throw new Error(
    teams.length === 0
      ? `no environment files in ${dir}/; add one (see environments/retail-bank.yaml in the README)`
      : `several teams in ${dir}/ (${teams.join(', ')}); choose one with --team`,
  );
}
