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
/** A stack's last deployed commit, in the folder of its state (`teams/<team>/deployed.json`). */
export const DEPLOY_RECORD_FILE = 'deployed.json';

/** The GitHub environment whose jobs may deploy a team (`environment:` in the deploy workflow). */
export const githubEnvironmentName = (team: string): string => `workshop-${team}`;

/** Key prefix in the team's bucket that the team's roles may read and write. */
export const teamDataPrefix = (team: string): string => `${team}/`;

/** The folder under the team's data prefix the team uploads its own files to (`source.data: bucket`). */
export const INCOMING_FOLDER = 'incoming/';

/** Value of the `workshop` tag on every resource. */
export const WORKSHOP_TAG = 'rfm-workshop';

/** The read-only role that plans from pull requests and from the default branch (drift). */
export const PLAN_ROLE_NAME = 'workshop-plan';

/**
 * Name of the read-only role that checks a team for drift Terraform does not see (applied
 * migrations, the published dashboard), assumable only from drift.yml on the default branch. In
 * the team's warehouse it is the database user `IAMR:<name>` (driftDatabaseUser).
 */
export const driftRoleName = (team: string): string => `${teamResourcePrefix(team)}-drift`;

/** The database user Redshift maps the drift role to (IAM identity authentication). */
export const driftDatabaseUser = (team: string): string => `IAMR:${driftRoleName(team)}`;

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

/*
 * Least-privilege names. Every team resource is named exactly (or by a pattern whose length is
 * fixed), never by a bare `workshop-<team>-*` prefix, because team ids may prefix each other
 * (`retail` and `retail-bank`): `workshop-retail-*` would cover every resource of `retail-bank`.
 */

/** The managed policy that bounds every role a team's stack creates; only the bootstrap stack changes it. */
export const permissionsBoundaryName = (team: string): string =>
  `${teamResourcePrefix(team)}-boundary`;

/** Name of the role QuickSight's network interfaces in the team VPC run as. */
export const quicksightVpcRoleName = (team: string): string =>
  `${teamResourcePrefix(team)}-quicksight-vpc`;

/** Every IAM role a team's own stack creates (each carries the team's permissions boundary). */
export const teamServiceRoleNames = (team: string): readonly string[] => [
  redshiftRoleName(team),
  sagemakerRoleName(team),
  quicksightVpcRoleName(team),
];

/** Alias (with its `alias/` prefix) of the team's KMS key. */
export const teamKeyAlias = (team: string): string => `alias/${teamResourcePrefix(team)}`;

/** Redshift cluster id, Serverless namespace and workgroup, notebook and QuickSight group of a team. */
export const teamWarehouseName = (team: string): string => teamResourcePrefix(team);

/** Redshift's built-in admin user of every team warehouse; `_` cannot occur in a team id. */
export const WAREHOUSE_ADMIN_USERNAME = 'workshop_admin';

/**
 * Name of the Secrets Manager secret Redshift manages for the admin password:
 * `redshift!<cluster id or namespace>-<admin user>`, to which Secrets Manager appends `-` and six
 * random characters.
 */
export const adminSecretName = (team: string): string =>
  `redshift!${teamWarehouseName(team)}-${WAREHOUSE_ADMIN_USERNAME}`;

/** Characters Terraform appends to a `bucket_prefix` (a timestamp and a counter). */
export const GENERATED_SUFFIX_LENGTH = 26;

/**
 * IAM pattern of exactly the team's data bucket: its prefix and the 26 generated characters.
 * A team whose id extends this one (`retail-data`) has a longer name, so `?` never reaches it.
 */
export const dataBucketNamePattern = (team: string): string =>
  `${dataBucketPrefix(team)}${'?'.repeat(GENERATED_SUFFIX_LENGTH)}`;

/**
 * IAM pattern of the team's SageMaker training jobs, `<team>-kmeans-YYYYMMDD-HHMMSS-mmm`: the
 * stamp has a fixed length, so no other team's job name matches.
 */
export const trainingJobNamePattern = (team: string): string =>
  `${team}-kmeans-????????-??????-???`;

/** Prefix of every QuickSight id of the team's dashboard: `rfm-<team>`. */
export const quicksightIdPrefix = (team: string): string => `rfm-${team}`;

/** The datasets of the RFM dashboard, each published as `rfm-<team>-<dataset>`. */
export const QUICKSIGHT_DATASET_IDS = [
  'kpis',
  'segments',
  'grid',
  'migration',
  'clusters',
  'centroids',
  'clv-ranges',
  'top-clv',
  'customers',
] as const;

/** QuickSight ids of a team's dashboard, data source and datasets. */
export const quicksightIds = (
  team: string,
): { readonly dashboard: string; readonly dataSource: string; readonly dataSets: string[] } => ({
  dashboard: quicksightIdPrefix(team),
  dataSource: `${quicksightIdPrefix(team)}-warehouse`,
  dataSets: QUICKSIGHT_DATASET_IDS.map((d) => `${quicksightIdPrefix(team)}-${d}`),
});

/** Workflow files whose jobs may assume the CI roles (the `job_workflow_ref` they run as). */
export const WORKFLOW_FILES = {
  pr: '.github/workflows/pr.yml',
  deploy: '.github/workflows/deploy.yml',
  retrain: '.github/workflows/retrain.yml',
  drift: '.github/workflows/drift.yml',
  expire: '.github/workflows/expire.yml',
} as const;

/** The branch whose workflows may deploy. */
export const DEPLOY_BRANCH = 'main';

/**
 * Claims GitHub puts into the OIDC `sub` of this repository once its subject template is
 * customized (README, "Setting it up"); the trust policies match that form only.
 */
export const OIDC_SUBJECT_CLAIM_KEYS = ['repo', 'context', 'job_workflow_ref'] as const;

/**
 * Team ids that would give a team the exact name of a platform resource (the state key's alias
 * `workshop-terraform-state`, the `workshop-tfstate-` bucket, the plan and bootstrap roles).
 */
export const RESERVED_TEAM_IDS: readonly string[] = [
  'bootstrap',
  'plan',
  'terraform-state',
  'tfstate',
];

/** Alias of the key that encrypts the Terraform state. */
export const STATE_KEY_ALIAS = 'alias/workshop-terraform-state';
