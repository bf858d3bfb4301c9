import { z } from 'zod';

/** AWS region names such as `eu-west-1`, `us-gov-west-1`, `ap-southeast-3`. */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
/** Team ids become resource names, S3 prefixes and Redshift identifiers, hence the short, plain alphabet. */
const TEAM_ID = /^[a-z][a-z0-9-]{0,20}$/;
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,63}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** GitHub handles (`@octocat`) or e-mail addresses. */
const OWNER = /^(@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/** A whole number in [lo, hi], with a message that states the range. */
export const wholeNumber = (lo: number, hi: number) =>
  z
    .int({ error: `expected a whole number from ${lo} to ${hi}` })
    .min(lo, {
      error: `expected a whole number from ${lo} to ${hi}`,
    })
    .max(hi, { error: `expected a whole number from ${lo} to ${hi}` });

/** A calendar date written `YYYY-MM-DD` that exists (no 2026-02-30). */
export const isoDate = z
  .string({ error: 'expected a date written YYYY-MM-DD' })
  .regex(ISO_DATE, { error: 'expected a date written YYYY-MM-DD' })
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    error: 'not a calendar date',
  });

const provisionedWarehouse = z.strictObject({
  type: z.literal('provisioned'),
  /** Only RA3 nodes support managed storage, encryption with a customer key and data sharing. */
  nodeType: z.enum(['ra3.large', 'ra3.xlplus', 'ra3.4xlarge', 'ra3.16xlarge'], {
    error: 'expected one of ra3.large, ra3.xlplus, ra3.4xlarge, ra3.16xlarge',
  }),
  nodeCount: wholeNumber(1, 128),
  database: z.string().regex(DATABASE_NAME, {
    error: 'expected a lowercase database name (letters, digits, underscores)',
  }),
});

const serverlessWarehouse = z.strictObject({
  type: z.literal('serverless'),
  /** Redshift Serverless accepts 8 to 512 RPUs in steps of 8. */
  baseCapacity: wholeNumber(8, 512).refine((n) => n % 8 === 0, {
    error: 'expected a multiple of 8 RPUs',
  }),
  database: z.string().regex(DATABASE_NAME, {
    error: 'expected a lowercase database name (letters, digits, underscores)',
  }),
});

const kRange = z
  .tuple([wholeNumber(2, 50), wholeNumber(2, 50)], {
    error: 'expected [min, max], two whole numbers between 2 and 50',
  })
  .refine(([lo, hi]) => lo <= hi, { error: 'the first number must not exceed the second' });

const model = z.strictObject({
  /** A fixed number of clusters, or `auto` to choose one in `kRange` by silhouette. */
  k: z.union([z.literal('auto'), wholeNumber(2, 50)], {
    error: 'expected a whole number from 2 to 50, or auto',
  }),
  kRange: kRange.default([3, 8]),
  seed: wholeNumber(0, 2 ** 31 - 1).default(42),
  restarts: wholeNumber(1, 100).default(8),
});

const load = z.strictObject({
  /** Rejected rows tolerated per file before a load fails and loads nothing (Redshift's MAXERROR). */
  maxErrors: wholeNumber(0, 100000).default(10),
});

export const environmentSchema = z.strictObject({
  team: z.string().regex(TEAM_ID, {
    error:
      'expected a team id: lowercase letters, digits and dashes, starting with a letter, at most 21 characters',
  }),
  description: z.string().min(1).max(256).optional(),
  region: z.string().regex(REGION, { error: 'expected an AWS region such as eu-west-1' }),
  expires: isoDate,
  owners: z
    .array(
      z.string().regex(OWNER, { error: 'expected a GitHub handle (@name) or an e-mail address' }),
    )
    .min(1, { error: 'list at least one owner' }),
  warehouse: z.discriminatedUnion('type', [provisionedWarehouse, serverlessWarehouse], {
    error: 'expected type: provisioned or type: serverless',
  }),
  model,
  asOf: isoDate.optional(),
  load: load.default({ maxErrors: 10 }),
});

/** One team's environment, as validated: drives both the stacks and the actions. */
export type Environment = z.infer<typeof environmentSchema>;
export type WarehouseConfig = Environment['warehouse'];
export type ModelConfig = Environment['model'];
