/** Names shared by the stacks, the workflows and the actions; change them here only. */

/** Stack id of a team, which is also its directory under `cdktf.out/stacks/`. */
export const teamStackId = (team: string): string => `team-${team}`;

/** Stack id of the one-off stack that holds the state bucket and the CI roles. */
export const BOOTSTRAP_STACK_ID = 'bootstrap';

/** Prefix of every named AWS resource of a team, so that IAM can scope by name. */
export const teamResourcePrefix = (team: string): string => `workshop-${team}`;

/** Object key of a team stack's state in the state bucket. */
export const teamStateKey = (team: string): string => `teams/${team}/terraform.tfstate`;

/** Object key of the bootstrap stack's state in the state bucket. */
export const BOOTSTRAP_STATE_KEY = 'bootstrap/terraform.tfstate';

/** The GitHub environment whose jobs may deploy a team (`environment:` in the deploy workflow). */
export const githubEnvironmentName = (team: string): string => `workshop-${team}`;

/** Key prefix in the team's bucket that the team's roles may read and write. */
export const teamDataPrefix = (team: string): string => `${team}/`;

/** Value of the `workshop` tag on every resource. */
export const WORKSHOP_TAG = 'rfm-workshop';
