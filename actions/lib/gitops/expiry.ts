/**
 * When a team's environment goes away. `expires` is the last day the environment is used; after it
 * a grace period runs (a workshop overruns, someone extends the date by pull request), and from the
 * end of the grace period the environment is destroyed and no longer planned or deployed.
 */

/** Days between the end of the `expires` day and the teardown. */
export const DEFAULT_GRACE_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A team's place in its lifecycle at some moment. */
export interface ExpiryStatus {
  readonly team: string;
  /** The environment file's `expires`, `YYYY-MM-DD`. */
  readonly expires: string;
  /** From this moment (UTC) the team is torn down: the day after `expires`, plus the grace days. */
  readonly teardownAt: Date;
  /** `active` before `expires` ends, `grace` until `teardownAt`, `expired` from then on. */
  readonly state: 'active' | 'grace' | 'expired';
  /** Whole days from `now` to `teardownAt`, rounded up; zero or less once expired. */
  readonly daysToTeardown: number;
}

/** The moment (00:00 UTC) from which a team that `expires` on that date is torn down. */
export function teardownAt(expires: string, graceDays: number): Date {
  if (!Number.isInteger(graceDays) || graceDays < 0) {
    throw new Error(`grace period must be a whole number of days ≥ 0, got ${graceDays}`);
  }
  const endOfExpiryDay = Date.parse(`${expires}T00:00:00Z`) + DAY_MS;
  if (Number.isNaN(endOfExpiryDay)) {
    throw new Error(`expires "${expires}" is not a date written YYYY-MM-DD`);
  }
  return new Date(endOfExpiryDay + graceDays * DAY_MS);
}

/** Where `team` (expiring on `expires`) stands at `now`. */
export function expiryStatus(
  env: { readonly team: string; readonly expires: string },
  now: Date,
  graceDays: number,
): ExpiryStatus {
  const at = teardownAt(env.expires, graceDays);
  const graceStart = at.getTime() - graceDays * DAY_MS;
  const state =
    now.getTime() >= at.getTime() ? 'expired' : now.getTime() >= graceStart ? 'grace' : 'active';
  return {
    team: env.team,
    expires: env.expires,
    teardownAt: at,
    state,
    daysToTeardown: Math.ceil((at.getTime() - now.getTime()) / DAY_MS),
  };
}

/** True while a team may still be planned and deployed (before its teardown moment). */
export function isLive(
  env: { readonly team: string; readonly expires: string },
  now: Date,
  graceDays: number,
): boolean {
  return expiryStatus(env, now, graceDays).state !== 'expired';
}

/** The teams to destroy at `now`, sorted by team id. */
export function expiredTeams(
  envs: readonly { readonly team: string; readonly expires: string }[],
  now: Date,
  graceDays: number,
): ExpiryStatus[] {
  return envs
    .map((env) => expiryStatus(env, now, graceDays))
    .filter((s) => s.state === 'expired')
    .sort((a, b) => a.team.localeCompare(b.team));
}

/** Whether an expiry run destroys anything, and why. */
export interface ExpiryMode {
  readonly dryRun: boolean;
  readonly why: string;
}

/**
 * Scheduled runs destroy; a manual run is a dry run unless its `dry-run` input is `false`.
 * `dryRunInput` is the raw input, empty on a scheduled run.
 */
export function expiryMode(event: string, dryRunInput: string): ExpiryMode {
  if (event === 'schedule') return { dryRun: false, why: 'scheduled run' };
  const input = dryRunInput.trim();
  if (input === '' || input === 'true') {
    return { dryRun: true, why: `${event} run: dry run unless dry-run is false` };
  }
  if (input === 'false') return { dryRun: false, why: `${event} run with dry-run false` };
  throw new Error(`input dry-run is "${dryRunInput}"; expected true or false`);
}
