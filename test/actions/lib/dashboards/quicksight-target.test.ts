import { describe, expect, test } from '@jest/globals';
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../../../contracts/environment/load.js';
import type { StackOutputs } from '../../../../contracts/stack-outputs.js';
import { findChromium } from '../../../../actions/lib/dashboards/chromium.js';
import { canonicalJson, contentHash } from '../../../../actions/lib/dashboards/content-hash.js';
import { quickSightTarget } from '../../../../actions/lib/dashboards/quicksight-target.js';
import { REPO_ROOT } from '../../../support/warehouse.js';

const env = await loadEnvironmentFile(join(REPO_ROOT, 'environments', 'retail-bank.yaml'));
const SECRET = 'arn:aws:secretsmanager:eu-west-1:210987654321:secret:rfm-AbCdEf';
const base: Omit<StackOutputs, 'warehouse'> = {
  region: 'eu-west-1',
  dataBucket: 'bucket',
  dataPrefix: 'retail-bank/',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:210987654321:key/1',
  redshiftRoleArn: 'arn:aws:iam::210987654321:role/r',
  sagemakerRoleArn: 'arn:aws:iam::210987654321:role/s',
  modelPackageGroup: 'retail-bank',
  quicksightGroup: 'workshop-retail-bank',
};

describe('the QuickSight target of a team', () => {
  test('a provisioned cluster is named by id; the account comes from the secret ARN', () => {
    const target = quickSightTarget(env, {
      ...base,
      warehouse: {
        type: 'provisioned',
        clusterId: 'rb-cluster',
        database: 'rfm',
        secretArn: SECRET,
      },
    });
    expect(target).toEqual({
      accountId: '210987654321',
      region: 'eu-west-1',
      team: 'retail-bank',
      redshift: { endpoint: { clusterId: 'rb-cluster' }, database: 'rfm', secretArn: SECRET },
      groupArn: 'arn:aws:quicksight:eu-west-1:210987654321:group/default/workshop-retail-bank',
      // The example team reads Olist-shaped data and names no currency: Brazilian reais.
      currency: 'BRL',
      owners: { members: ['data-platform@example.com'], unmapped: ['@retail-bank-analytics'] },
    });
  });

  test("the team's currency: source.currency, else its format's default", () => {
    const outputs = {
      ...base,
      warehouse: {
        type: 'provisioned' as const,
        clusterId: 'rb-cluster',
        database: 'rfm',
        secretArn: SECRET,
      },
    };
    const bank = {
      ...env,
      source: {
        format: 'transactions' as const,
        data: 'sample' as const,
        columns: { customer_id: 'a', occurred_at: 'b', amount: 'c' },
        excludeStatuses: [],
        zeroAmounts: 'excluded' as const,
      },
    };
    expect(quickSightTarget(bank, outputs).currency).toBe('EUR');
    expect(
      quickSightTarget({ ...bank, source: { ...bank.source, currency: 'GBP' } }, outputs).currency,
    ).toBe('GBP');
  });

  test('Serverless gets its workgroup endpoint, the VPC connection and the identity region', () => {
    const vpc = 'arn:aws:quicksight:eu-west-1:210987654321:vpcConnection/workshop-retail-bank';
    const target = quickSightTarget(
      env,
      {
        ...base,
        quicksightVpcConnectionArn: vpc,
        warehouse: {
          type: 'serverless',
          workgroup: 'rb',
          namespace: 'rb',
          database: 'rfm',
          secretArn: SECRET,
        },
      },
      { identityRegion: 'us-east-1' },
    );
    expect(target.redshift).toEqual({
      endpoint: { host: 'rb.210987654321.eu-west-1.redshift-serverless.amazonaws.com', port: 5439 },
      database: 'rfm',
      secretArn: SECRET,
      vpcConnectionArn: vpc,
    });
    expect(target.groupArn).toBe(
      'arn:aws:quicksight:us-east-1:210987654321:group/default/workshop-retail-bank',
    );
  });

  test('an ARN without an account asks for the account id', () => {
    expect(() =>
      quickSightTarget(env, {
        ...base,
        warehouse: {
          type: 'provisioned',
          clusterId: 'c',
          database: 'rfm',
          secretArn: 'not-an-arn',
        },
      }),
    ).toThrow(
      'cannot read an account id from the warehouse secret ARN "not-an-arn"; pass the account id explicitly',
    );
  });

  test('the content hash ignores key order and sees every value', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });

  test('a CHROMIUM_PATH that is not a browser is reported with what to do', async () => {
    await expect(findChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).rejects.toThrow(
      'CHROMIUM_PATH=/nonexistent/chromium is not an executable file; fix the path or unset CHROMIUM_PATH',
    );
  });
});
