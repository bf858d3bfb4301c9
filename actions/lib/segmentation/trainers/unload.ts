/**
 * Redshift UNLOAD of the KMeans features to S3 as header-less CSV, the input SageMaker's built-in
 * KMeans reads with `text/csv;label_size=0`. Runs through the Warehouse like any other statement.
 */
import { sqlString } from '../../sql/literal.js';
import type { SqlStatement } from '../../sql/statement.js';
import type { Warehouse } from '../../warehouse/warehouse.js';
import { FEATURE_TABLE, realValueSql } from '../features.js';
import { scaledSql, type ScalingParameters } from '../scaling.js';

const ORIGIN = 'segmentation/unload.ts';

/** Where and how to unload. */
export interface UnloadOptions {
  /** `s3://bucket/prefix/` (ending in `/`); `train/` and `test/` go below it. */
  readonly s3Prefix: string;
  /** A role the warehouse may assume that can write there (the stack's Redshift role). */
  readonly iamRoleArn: string;
  readonly kmsKeyArn: string;
  /** Customers held out in the test channel, 0–50; 0 unloads everything to `train/`. */
  readonly testPercent: number;
  /**
   * One file per channel (PARALLEL OFF) for a single training instance; one file per slice when
   * several instances share the train channel by S3 key.
   */
  readonly parallel: boolean;
  /** The scaling fitted on the features `readFeatures` read; the unload applies it. */
  readonly scaling: ScalingParameters;
}

/** The S3 prefixes to use as the job's channels. */
export interface UnloadedChannels {
  readonly train: string;
  readonly test?: string;
}

/**
 * The feature SELECT for a channel: the features `readFeatures` reads, in the same order, scaled
 * into the clustered space with the fitted parameters as literals. The split is a hash of the
 * customer id, so the same customer always lands in the same channel and the split needs no
 * random state.
 */
export function featureSelect(
  channel: 'train' | 'test',
  testPercent: number,
  scaling: ScalingParameters,
): string {
  const bucket = 'mod(strtol(left(md5(customer_unique_id), 8), 16), 100)';
  const where =
    testPercent === 0
      ? ''
      : channel === 'train'
        ? ` where ${bucket} >= ${testPercent}`
        : ` where ${bucket} < ${testPercent}`;
  const columns = scaling.features.map(
    (f) => `${scaledSql(realValueSql(f.feature), f)} as ${f.feature}`,
  );
  return `select ${columns.join(', ')} from ${FEATURE_TABLE}${where} order by customer_unique_id`;
}

/** One UNLOAD statement writing `select` as CSV without a header under `to` (an S3 prefix). */
export function unloadStatement(
  select: string,
  to: string,
  options: Pick<UnloadOptions, 'iamRoleArn' | 'kmsKeyArn' | 'parallel'>,
): SqlStatement {
  const sql = [
    `unload (${sqlString(select, 'the unload query')})`,
    `to ${sqlString(`${to}part_`, 'the unload prefix')}`,
    `iam_role ${sqlString(options.iamRoleArn, 'iam_role')}`,
    'format as csv',
    `kms_key_id ${sqlString(options.kmsKeyArn, 'kms_key_id')} encrypted`,
    `parallel ${options.parallel ? 'on' : 'off'}`,
    'allowoverwrite',
  ].join('\n');
  return { sql, file: ORIGIN, line: 1 };
}

/** Unloads the train (and, with `testPercent` > 0, the test) channel; returns their prefixes. */
export async function unloadFeatures(
  wh: Warehouse,
  options: UnloadOptions,
): Promise<UnloadedChannels> {
  if (!/^s3:\/\/[^/]+\/(.+\/)?$/.test(options.s3Prefix)) {
    throw new Error(`unload prefix "${options.s3Prefix}" must be s3://bucket/prefix/ ending in /`);
  }
  const train = `${options.s3Prefix}train/`;
  await wh.query(
    unloadStatement(featureSelect('train', options.testPercent, options.scaling), train, options),
  );
  if (options.testPercent === 0) return { train };
  const test = `${options.s3Prefix}test/`;
  await wh.query(
    unloadStatement(featureSelect('test', options.testPercent, options.scaling), test, options),
  );
  return { train, test };
}
