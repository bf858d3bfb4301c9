import { z } from 'zod';
import { RESERVED_TEAM_IDS } from '../naming.js';

/** AWS region names such as `eu-west-1`, `us-gov-west-1`, `ap-southeast-3`. */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
/**
 * Team ids become resource names, S3 prefixes and Redshift identifiers, hence the short, plain
 * alphabet; a dash only between two letters or digits (no `--`, no trailing `-`), as AWS names
 * built from it require.
 */
const TEAM_ID = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,20}$/;
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,63}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** GitHub handles (`@octocat`) or e-mail addresses. */
const OWNER = /^(@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/** A whole number in [lo, hi], with a message that states the range. */
export const wholeNumber = (
  lo: number,
  hi: number,
  error = `expected a whole number from ${lo} to ${hi}`,
) => z.int({ error }).min(lo, { error }).max(hi, { error });

/** A calendar date written `YYYY-MM-DD` that exists (no 2026-02-30). */
export const isoDate = z
  .string({ error: 'expected a date written YYYY-MM-DD' })
  .regex(ISO_DATE, { error: 'expected a date written YYYY-MM-DD' })
  .refine((s) => !ISO_DATE.test(s) || isCalendarDate(s), { error: 'not a calendar date' });

/** True when `YYYY-MM-DD` names a day that exists; the regex has already checked the shape. */
function isCalendarDate(s: string): boolean {
  const [year, month, day] = s.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

const DATABASE_ERROR = 'expected a lowercase database name (letters, digits, underscores)';
const databaseName = z
  .string({ error: DATABASE_ERROR })
  .regex(DATABASE_NAME, { error: DATABASE_ERROR });

const provisionedWarehouse = z.strictObject({
  type: z.literal('provisioned'),
  /** Only RA3 nodes support managed storage, encryption with a customer key and data sharing. */
  nodeType: z.enum(['ra3.large', 'ra3.xlplus', 'ra3.4xlarge', 'ra3.16xlarge'], {
    error: 'expected one of ra3.large, ra3.xlplus, ra3.4xlarge, ra3.16xlarge',
  }),
  nodeCount: wholeNumber(1, 128),
  database: databaseName,
});

const serverlessWarehouse = z.strictObject({
  type: z.literal('serverless'),
  /** Redshift Serverless accepts 8 to 512 RPUs in steps of 8. */
  baseCapacity: wholeNumber(8, 512).refine((n) => n % 8 === 0, {
    error: 'expected a multiple of 8 RPUs',
  }),
  database: databaseName,
});

const kRange = z
  .tuple([wholeNumber(2, 50), wholeNumber(2, 50)], {
    error: 'expected [min, max], two whole numbers between 2 and 50',
  })
  .refine(([lo, hi]) => lo <= hi, { error: 'the first number must not exceed the second' });

const K_ERROR = 'expected a whole number from 2 to 50, or auto';

/** The number of clusters: fixed, or `auto` to choose one by silhouette. */
export const kValue = z.union([z.literal('auto'), wholeNumber(2, 50, K_ERROR)], { error: K_ERROR });

/** The customer features KMeans can cluster on, each read in real units from customer_features. */
export const MODEL_FEATURES = ['recency', 'frequency', 'monetary'] as const;

/**
 * How features are put on one scale before KMeans. `log-standard`: log1p of frequency and monetary
 * (recency as is), then each feature standardised to mean 0 and standard deviation 1 over the
 * customers trained on. `seed`: the original workshop's min-max to 0-5 (x_n = 5 · (x − min) /
 * (max − min)).
 */
export const MODEL_SCALINGS = ['log-standard', 'seed'] as const;

/** Defaults of the optional `model` fields and of its `approval` and `sagemaker` sections. */
export const MODEL_DEFAULTS = {
  scaling: 'log-standard',
  features: MODEL_FEATURES,
  approval: { policy: 'auto', msdMargin: 0.05, silhouetteMargin: 0.01 },
  sagemaker: {
    instanceType: 'ml.c5.xlarge',
    instanceCount: 1,
    epochs: 1,
    miniBatchSize: 5000,
    extraCenterFactor: 'auto',
    maxRuntimeMinutes: 60,
    testPercent: 0,
  },
} as const;

const INSTANCE_TYPE_ERROR = 'expected an instance type such as ml.c5.xlarge';
export const instanceType = z
  .string({ error: INSTANCE_TYPE_ERROR })
  .regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, { error: INSTANCE_TYPE_ERROR });

/**
 * When a newly trained model becomes the active one. `auto`: approved when it is no worse than the
 * latest approved version on the current data (same k: msd within msdMargin; another k: mean
 * silhouette within silhouetteMargin), else left PendingManualApproval; `manual`: always
 * PendingManualApproval.
 */
export const approvalPolicy = z.enum(['auto', 'manual'], { error: 'expected auto or manual' });

const approval = z.strictObject({
  policy: approvalPolicy.default(MODEL_DEFAULTS.approval.policy),
  /** Relative msd increase tolerated by `auto`, 0 to 1 (0.05 = 5 %). */
  msdMargin: z
    .number({ error: 'expected a number from 0 to 1' })
    .min(0, { error: 'expected a number from 0 to 1' })
    .max(1, { error: 'expected a number from 0 to 1' })
    .default(MODEL_DEFAULTS.approval.msdMargin),
  /**
   * Mean-silhouette decrease tolerated by `auto` when the new model has another k than the
   * approved one (msd cannot compare different k), 0 to 1.
   */
  silhouetteMargin: z
    .number({ error: 'expected a number from 0 to 1' })
    .min(0, { error: 'expected a number from 0 to 1' })
    .max(1, { error: 'expected a number from 0 to 1' })
    .default(MODEL_DEFAULTS.approval.silhouetteMargin),
});

const EXTRA_CENTER_ERROR = 'expected a whole number from 1 to 100, or auto';

/** The SageMaker training job (backend aws); every field has a default. */
const sagemaker = z.strictObject({
  instanceType: instanceType.default(MODEL_DEFAULTS.sagemaker.instanceType),
  instanceCount: wholeNumber(1, 20).default(MODEL_DEFAULTS.sagemaker.instanceCount),
  epochs: wholeNumber(1, 100).default(MODEL_DEFAULTS.sagemaker.epochs),
  miniBatchSize: wholeNumber(1, 1_000_000).default(MODEL_DEFAULTS.sagemaker.miniBatchSize),
  extraCenterFactor: z
    .union([z.literal('auto'), wholeNumber(1, 100, EXTRA_CENTER_ERROR)], {
      error: EXTRA_CENTER_ERROR,
    })
    .default(MODEL_DEFAULTS.sagemaker.extraCenterFactor),
  /** The job's stopping condition; SageMaker stops it after this long. */
  maxRuntimeMinutes: wholeNumber(5, 1440).default(MODEL_DEFAULTS.sagemaker.maxRuntimeMinutes),
  /** Customers held out as the `test` channel (for test:msd / test:ssd); 0 = no test channel. */
  testPercent: wholeNumber(0, 50).default(MODEL_DEFAULTS.sagemaker.testPercent),
});

const SCALING_ERROR = `expected ${MODEL_SCALINGS.join(' or ')}`;
export const modelScaling = z.enum(MODEL_SCALINGS, { error: SCALING_ERROR });

const FEATURE_ERROR = `expected a list of features from ${MODEL_FEATURES.join(', ')}`;
/** Which customer features are clustered: a non-empty list of known features, each once. */
export const modelFeatures = z
  .array(z.enum(MODEL_FEATURES, { error: `expected one of ${MODEL_FEATURES.join(', ')}` }), {
    error: FEATURE_ERROR,
  })
  .min(1, { error: FEATURE_ERROR })
  .refine((list) => new Set(list).size === list.length, { error: 'list each feature once' });

const model = z.strictObject({
  /** A fixed number of clusters, or `auto` to choose one in `kRange` by silhouette (in the scaled space). */
  k: kValue,
  kRange: kRange.default([3, 8]),
  /** See {@link MODEL_SCALINGS}; `seed` reproduces the original workshop's 0-5 space and inertia. */
  scaling: modelScaling.default(MODEL_DEFAULTS.scaling),
  /** The features clustered, in this order (default all of {@link MODEL_FEATURES}). */
  features: modelFeatures.default([...MODEL_DEFAULTS.features]),
  seed: wholeNumber(0, 2 ** 31 - 1).default(42),
  restarts: wholeNumber(1, 100).default(8),
  /** Optional; {@link MODEL_DEFAULTS}.approval when absent. */
  approval: approval.optional(),
  /** Optional; {@link MODEL_DEFAULTS}.sagemaker when absent. */
  sagemaker: sagemaker.optional(),
});

/** Customer lifetime value (BG/NBD + Gamma-Gamma); every field has a default. */
const clv = z.strictObject({
  /** Days ahead the expected purchases and the value are counted over. */
  horizonDays: wholeNumber(1, 3650).default(365),
  /** Yearly rate the future margin is discounted at (0.10 = 10 %). */
  annualDiscountRate: z
    .number({ error: 'expected a number from 0 to 1' })
    .min(0, { error: 'expected a number from 0 to 1' })
    .max(1, { error: 'expected a number from 0 to 1' })
    .default(0.1),
  /** Share of spend that is profit; 1.0 makes clv a revenue figure. */
  margin: z
    .number({ error: 'expected a number above 0, at most 1' })
    .gt(0, { error: 'expected a number above 0, at most 1' })
    .max(1, { error: 'expected a number above 0, at most 1' })
    .default(1),
});

/** A column name in the team's files, as written in their header. */
const COLUMN_ERROR = 'expected a column name from the header of your files (1 to 128 characters)';
const columnName = z
  .string({ error: COLUMN_ERROR })
  .min(1, { error: COLUMN_ERROR })
  .max(128, { error: COLUMN_ERROR });

const STATUS_ERROR = 'expected a list of status values, e.g. [canceled, reversed]';
const statuses = z.array(
  z
    .string({ error: STATUS_ERROR })
    .min(1, { error: STATUS_ERROR })
    .max(64, { error: STATUS_ERROR }),
  { error: STATUS_ERROR },
);

/** The sample generated when a run is given no data: one per kind of team. */
export const SAMPLE_KINDS = ['olist', 'banking', 'insurance'] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

/** The Olist e-commerce files (customers, orders, order payments), with their own column names. */
const ZERO_AMOUNTS_ERROR = 'expected purchase or excluded';
/** Whether a transaction of amount 0 (and no refund) is a purchase. */
const zeroAmounts = z.enum(['purchase', 'excluded'], { error: ZERO_AMOUNTS_ERROR });

/**
 * Where a deploy takes the team's data from: the generated sample, or the files the team uploaded
 * to `<team>/incoming/` in its data bucket. A sample never replaces data loaded from files.
 */
const sourceData = z.enum(['sample', 'bucket'], { error: 'expected sample or bucket' });

const CURRENCY_ERROR = 'expected an ISO 4217 currency code: three uppercase letters, e.g. EUR';
/** The currency of the amounts: shown on every money figure of the dashboard. */
const currency = z
  .string({ error: CURRENCY_ERROR })
  .regex(/^[A-Z]{3}$/, { error: CURRENCY_ERROR })
  .optional();

/** The currency when `source.currency` is not given: Olist's reais, else euros. */
export const DEFAULT_CURRENCY = { olist: 'BRL', transactions: 'EUR' } as const;

const olistSource = z.strictObject({
  format: z.literal('olist'),
  data: sourceData.default('sample'),
  /** Orders in these statuses are not purchases. */
  excludeStatuses: statuses.default(['canceled', 'unavailable']),
  /** An order paid in full by vouchers worth 0 is still an order. */
  zeroAmounts: zeroAmounts.default('purchase'),
  /** ISO 4217; default BRL (Olist's payments are in reais). */
  currency,
});

/** Which of the team's columns holds each field of a transaction. */
const transactionColumns = z.strictObject({
  customer_id: columnName,
  /** A timestamp: `YYYY-MM-DD[ HH:MM[:SS[.ffffff]]]`, or ISO 8601 with `T` and `Z` or an offset. */
  occurred_at: columnName,
  /** Negative amounts are refunds. */
  amount: columnName,
  /** Optional: rows sharing it are one transaction (a purchase and its refunds); else one per row. */
  transaction_id: columnName.optional(),
  /** Optional: with `excludeStatuses`, the rows that are not purchases. */
  status: columnName.optional(),
});

/** One row per transaction (or per refund of one), in any CSV files with a header. */
const transactionsSource = z
  .strictObject({
    format: z.literal('transactions'),
    data: sourceData.default('sample'),
    columns: transactionColumns,
    excludeStatuses: statuses.default([]),
    /** A transaction of amount 0 is left out (card checks, fee waivers) unless this says purchase. */
    zeroAmounts: zeroAmounts.default('excluded'),
    /** The sample `workshop run` generates when given no data; without it, --data is needed. */
    sample: z.enum(['banking', 'insurance'], { error: 'expected banking or insurance' }).optional(),
    /** ISO 4217; default EUR. */
    currency,
  })
  .refine((s) => s.excludeStatuses.length === 0 || s.columns.status !== undefined, {
    error: 'excludeStatuses needs columns.status: the column that holds the status',
    path: ['excludeStatuses'],
  });

/** Where a team's transactions come from and how they map onto the canonical transactions table. */
const source = z.discriminatedUnion('format', [olistSource, transactionsSource], {
  error: 'expected format: olist or format: transactions',
});

const load = z.strictObject({
  /** Rejected rows tolerated per file before a load fails and loads nothing (Redshift's MAXERROR). */
  maxErrors: wholeNumber(0, 100000).default(10),
});

const TEAM_ERROR =
  'expected a team id: lowercase letters, digits and single dashes, starting with a letter and not ending with a dash, at most 21 characters';

/** The one team-id rule: environment files, CLI flags and action inputs all use it. */
export const teamId = z
  .string({ error: TEAM_ERROR })
  .regex(TEAM_ID, { error: TEAM_ERROR })
  .refine((id) => !RESERVED_TEAM_IDS.includes(id), {
    error: `this team id names a platform resource (reserved: ${RESERVED_TEAM_IDS.join(', ')}); choose another`,
  });
const DESCRIPTION_ERROR = 'expected text of 1 to 256 characters';
const REGION_ERROR = 'expected an AWS region such as eu-west-1';
const OWNER_ERROR = 'expected a GitHub handle (@name) or an e-mail address';

const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;

/** An existing VPC to place the team in, instead of the private network the stack creates. */
const network = z.strictObject({
  /** The VPC id, e.g. `vpc-0a1b2c3d`. */
  vpcId: z.string().regex(VPC_ID, { error: 'expected a VPC id such as vpc-0a1b2c3d' }),
  /** Private subnets of that VPC in different Availability Zones (Redshift Serverless needs three). */
  subnetIds: z
    .array(z.string().regex(SUBNET_ID, { error: 'expected a subnet id such as subnet-0a1b2c3d' }))
    .min(2, { error: 'list at least two subnets, in different Availability Zones' })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'subnet ids must be distinct' }),
});

/** The seed's SageMaker notebook instance; off unless a team asks for it. */
const notebook = z.strictObject({
  enabled: z.boolean().default(false),
  /** A notebook instance type, e.g. `ml.c5.xlarge`. */
  instanceType: z
    .string()
    .regex(/^ml\.[a-z0-9]+\.[a-z0-9]+$/, {
      error: 'expected an instance type such as ml.c5.xlarge',
    })
    .default('ml.c5.xlarge'),
  /** Size of the notebook's ML storage volume in GB (5 to 16384). */
  volumeSizeGb: wholeNumber(5, 16384).default(50),
});

/** QuickSight settings for the team. */
const quicksight = z.strictObject({
  /** Reach the warehouse through a QuickSight VPC connection (the warehouse is never public). */
  vpcConnection: z.boolean().default(true),
});

export const environmentSchema = z.strictObject({
  team: teamId,
  description: z
    .string({ error: DESCRIPTION_ERROR })
    .min(1, { error: DESCRIPTION_ERROR })
    .max(256, { error: DESCRIPTION_ERROR })
    .optional(),
  region: z.string({ error: REGION_ERROR }).regex(REGION, { error: REGION_ERROR }),
  expires: isoDate,
  owners: z
    .array(z.string({ error: OWNER_ERROR }).regex(OWNER, { error: OWNER_ERROR }))
    .min(1, { error: 'list at least one owner' }),
  warehouse: z.discriminatedUnion('type', [provisionedWarehouse, serverlessWarehouse], {
    error: 'expected type: provisioned or type: serverless',
  }),
  model,
  asOf: isoDate.optional(),
  load: load.default({ maxErrors: 10 }),
  clv: clv.default({ horizonDays: 365, annualDiscountRate: 0.1, margin: 1 }),
  source: source.default({
    format: 'olist',
    data: 'sample',
    excludeStatuses: ['canceled', 'unavailable'],
    zeroAmounts: 'purchase',
  }),
  /** Optional: an existing VPC; without it the stack creates private subnets of its own. */
  network: network.optional(),
  notebook: notebook.default({ enabled: false, instanceType: 'ml.c5.xlarge', volumeSizeGb: 50 }),
  quicksight: quicksight.default({ vpcConnection: true }),
});

/** One team's environment, as validated: drives both the stacks and the actions. */
export type Environment = z.infer<typeof environmentSchema>;
export type WarehouseConfig = Environment['warehouse'];
export type ModelConfig = Environment['model'];
export type ModelFeature = (typeof MODEL_FEATURES)[number];
export type ModelScaling = (typeof MODEL_SCALINGS)[number];
export type ApprovalConfig = NonNullable<ModelConfig['approval']>;
export type SageMakerTrainingConfig = NonNullable<ModelConfig['sagemaker']>;
export type NetworkConfig = NonNullable<Environment['network']>;
export type NotebookConfig = Environment['notebook'];
export type SourceConfig = Environment['source'];

/** The ISO 4217 code of a source's amounts: `source.currency`, else the format's default. */
export const sourceCurrency = (source: SourceConfig): string =>
  source.currency ?? DEFAULT_CURRENCY[source.format];
export type TransactionColumns = z.infer<typeof transactionColumns>;
