/**
 * The AWS SDK v3 clients of a team's backend. Only the backend factory calls this; tests pass
 * their own factory (clients pointed at moto, or aws-sdk-client-mock).
 */
import { QuickSightClient } from '@aws-sdk/client-quicksight';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';

/** Makes each client for a region. */
export interface AwsClientFactory {
  redshiftData(region: string): RedshiftDataClient;
  s3(region: string): S3Client;
  sagemaker(region: string): SageMakerClient;
  quicksight(region: string): QuickSightClient;
}

/** SDK attempts per call; adaptive mode also rate-limits a client once it sees throttling. */
const MAX_ATTEMPTS = 8;

/**
 * Real clients with adaptive retries, so bursts of DescribeStatement polls from several jobs slow
 * down instead of failing. `userAgent` says which shell is calling (`rfm-workshop/cli`, …).
 */
export function awsClients(userAgent: string): AwsClientFactory {
  const config = (region: string) => ({
    region,
    retryMode: 'adaptive',
    maxAttempts: MAX_ATTEMPTS,
    customUserAgent: userAgent,
  });
  return {
    redshiftData: (region) => new RedshiftDataClient(config(region)),
    s3: (region) => new S3Client(config(region)),
    sagemaker: (region) => new SageMakerClient(config(region)),
    quicksight: (region) => new QuickSightClient(config(region)),
  };
}
