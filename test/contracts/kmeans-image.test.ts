import { describe, expect, test } from '@jest/globals';
import { KMEANS_REGISTRY_ACCOUNTS, kmeansImageUri } from '../../contracts/kmeans-image.js';

describe('kmeansImageUri', () => {
  test('uses the region registry account', () => {
    expect(kmeansImageUri('eu-west-1')).toBe(
      '438346466558.dkr.ecr.eu-west-1.amazonaws.com/kmeans:1',
    );
    expect(kmeansImageUri('us-east-1')).toBe(
      '382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1',
    );
    expect(kmeansImageUri('us-west-2')).toBe(
      '174872318107.dkr.ecr.us-west-2.amazonaws.com/kmeans:1',
    );
  });

  test('China regions use the amazonaws.com.cn domain', () => {
    expect(kmeansImageUri('cn-north-1')).toBe(
      '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/kmeans:1',
    );
  });

  test('every account is a 12-digit AWS account id', () => {
    expect(Object.keys(KMEANS_REGISTRY_ACCOUNTS)).toHaveLength(25);
    for (const account of Object.values(KMEANS_REGISTRY_ACCOUNTS)) {
      expect(account).toMatch(/^\d{12}$/);
    }
  });

  test('an unknown region says what to do', () => {
    expect(() => kmeansImageUri('eu-central-2')).toThrow(
      /^no SageMaker KMeans image is known for region "eu-central-2" \(known: af-south-1, .*\); choose one of these regions in the environment file, or add the account/,
    );
  });
});
