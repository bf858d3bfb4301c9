/**
 * Names shared by the stacks, the workflows and the pipeline: every AWS resource and role a team's
 * environment is known by. The stacks create them by these names and the pipeline finds them by
 * these names; change them here only.
 */

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

/** The read-only role that plans from pull requests and from the default branch (drift). */
export const PLAN_ROLE_NAME = 'workshop-plan';

/** Name of the role that applies a team's stack, assumable only from its GitHub environment. */
export const deployRoleName = (team: string): string => `${teamResourcePrefix(team)}-deploy`;

/** Name of the role Redshift assumes for a team's COPY and UNLOAD. */
export const redshiftRoleName = (team: string): string => `${teamResourcePrefix(team)}-redshift`;

/** Name of the role a team's SageMaker training jobs and notebook run as. */
export const sagemakerRoleName = (team: string): string => `${teamResourcePrefix(team)}-sagemaker`;

/** A team's SageMaker model package group. */
export const modelPackageGroupName = (team: string): string =>
  `${teamResourcePrefix(team)}-segments`;

/** Prefix of the generated name of a team's data bucket. */
export const dataBucketPrefix = (team: string): string => `${teamResourcePrefix(team)}-data-`;

/**
 * The role that applies the bootstrap stack from the deploy workflow on the default branch, so
 * that a new team's deploy role exists before its first deploy.
 */
export const BOOTSTRAP_ROLE_NAME = 'workshop-bootstrap';
