import { describe, expect, test } from '@jest/globals';
import {
  featureSelect,
  unloadFeatures,
  unloadStatement,
} from '../../../../../actions/lib/segmentation/trainers/unload.js';
import type { ScalingParameters } from '../../../../../actions/lib/segmentation/scaling.js';
import type { SqlStatement } from '../../../../../actions/lib/sql/statement.js';
import type { Warehouse } from '../../../../../actions/lib/warehouse/warehouse.js';

const ROLE = 'arn:aws:iam::123456789012:role/team-redshift';
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/k1';

const LOG_STANDARD: ScalingParameters = {
  scaling: 'log-standard',
  features: [
    { feature: 'recency', transform: 'none', method: 'standard', mean: 250, sd: 150 },
    { feature: 'monetary', transform: 'log1p', method: 'standard', mean: 4.5, sd: 0.75 },
  ],
};
const SEED: ScalingParameters = {
  scaling: 'seed',
  features: [{ feature: 'frequency', transform: 'none', method: 'min-max', min: 1, max: 1 }],
};

/** Records what would be sent to Redshift. */
function recorder(): { wh: Warehouse; sql: string[] } {
  const sql: string[] = [];
  return {
    sql,
    wh: {
      kind: 'recorder',
      query: async (s: string | SqlStatement) => {
        sql.push(typeof s === 'string' ? s : s.sql);
        return [];
      },
      transaction: async () => undefined,
      close: async () => undefined,
    },
  };
}

describe('unloadStatement', () => {
  test('header-less CSV, KMS-encrypted, one file, quotes doubled', () => {
    const stmt = unloadStatement("select 'x' as a", 's3://bucket/team/training/job/train/', {
      iamRoleArn: ROLE,
      kmsKeyArn: KEY,
      parallel: false,
    });
    expect(stmt.sql).toBe(
      [
        "unload ('select ''x'' as a')",
        "to 's3://bucket/team/training/job/train/part_'",
        `iam_role '${ROLE}'`,
        'format as csv',
        `kms_key_id '${KEY}' encrypted`,
        'parallel off',
        'allowoverwrite',
      ].join('\n'),
    );
    expect(stmt.file).toBe('segmentation/unload.ts');
  });
});

describe('featureSelect', () => {
  test('the clustered features, scaled with the parameters as literals, in a stable order', () => {
    expect(featureSelect('train', 0, LOG_STANDARD)).toBe(
      "select (cast(recency_days as double precision) - cast('250' as double precision)) / cast('150' as double precision) as recency, " +
        "(ln(1.0 + cast(monetary as double precision)) - cast('4.5' as double precision)) / cast('0.75' as double precision) as monetary " +
        'from public.customer_features order by customer_unique_id',
    );
    // Every customer has the same frequency: the seed's rule makes it 0.
    expect(featureSelect('train', 0, SEED)).toBe(
      'select 0.0 as frequency from public.customer_features order by customer_unique_id',
    );
  });

  test('or a hash split into train and test', () => {
    expect(featureSelect('train', 10, SEED)).toContain(
      'where mod(strtol(left(md5(customer_unique_id), 8), 16), 100) >= 10 order by',
    );
    expect(featureSelect('test', 10, SEED)).toContain(
      'where mod(strtol(left(md5(customer_unique_id), 8), 16), 100) < 10 order by',
    );
  });
});

describe('unloadFeatures', () => {
  const base = { iamRoleArn: ROLE, kmsKeyArn: KEY, parallel: false, scaling: LOG_STANDARD };

  test('one UNLOAD into train/ without a test channel', async () => {
    const { wh, sql } = recorder();
    const channels = await unloadFeatures(wh, {
      ...base,
      s3Prefix: 's3://b/p/training/j/',
      testPercent: 0,
    });
    expect(channels).toEqual({ train: 's3://b/p/training/j/train/' });
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(
      /^unload \('select \(cast\(recency_days as double precision\) - cast\(''250''/,
    );
  });

  test('train/ and test/ with a test channel, in parallel for several instances', async () => {
    const { wh, sql } = recorder();
    const channels = await unloadFeatures(wh, {
      ...base,
      parallel: true,
      s3Prefix: 's3://b/p/training/j/',
      testPercent: 20,
    });
    expect(channels).toEqual({
      train: 's3://b/p/training/j/train/',
      test: 's3://b/p/training/j/test/',
    });
    expect(sql.map((s) => /to '([^']+)'/.exec(s)?.[1])).toEqual([
      's3://b/p/training/j/train/part_',
      's3://b/p/training/j/test/part_',
    ]);
    expect(sql.every((s) => s.includes('parallel on'))).toBe(true);
  });

  test('a prefix that is not s3://bucket/…/ is refused', async () => {
    const { wh } = recorder();
    await expect(
      unloadFeatures(wh, { ...base, s3Prefix: 's3://b/p', testPercent: 0 }),
    ).rejects.toThrow('unload prefix "s3://b/p" must be s3://bucket/prefix/ ending in /');
  });
});
