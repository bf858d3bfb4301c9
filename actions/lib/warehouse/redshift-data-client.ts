import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';

/** SDK attempts per call; adaptive mode also rate-limits the client once it sees throttling. */
const MAX_ATTEMPTS = 8;

/**
 * The Data API client the CLI and the action use: adaptive retries, so bursts of DescribeStatement
 * polls from several jobs slow down instead of failing. Created when called, never at import.
 */
export function createRedshiftDataClient(region: string): RedshiftDataClient {
  return new RedshiftDataClient({
    region,
    retryMode: 'adaptive',
    maxAttempts: MAX_ATTEMPTS,
    customUserAgent: 'rfm-workshop',
  });
}
