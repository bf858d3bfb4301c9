import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import type { Construct } from 'constructs';

/** Services the stacks call, for pointing them all at one emulator. */
const SERVICES = [
  'ec2',
  'iam',
  'kms',
  'logs',
  'quicksight',
  'redshift',
  'redshiftserverless',
  's3',
  'sagemaker',
  'secretsmanager',
  'sts',
] as const;

/** An AWS API emulator (moto) that stands in for every service; for tests only. */
export interface EmulatorEndpoint {
  /** Base URL, e.g. `http://127.0.0.1:5000`. */
  readonly url: string;
}

/** The stack's AWS provider; with `emulator`, fake credentials and every endpoint at the emulator. */
export function awsProvider(
  scope: Construct,
  region: string,
  emulator?: EmulatorEndpoint,
): AwsProvider {
  if (emulator === undefined) return new AwsProvider(scope, 'aws', { region });
  const endpoint = Object.fromEntries(SERVICES.map((s) => [s, emulator.url]));
  return new AwsProvider(scope, 'aws', {
    region,
    accessKey: 'test',
    secretKey: 'test',
    skipCredentialsValidation: true,
    skipMetadataApiCheck: 'true',
    s3UsePathStyle: true,
    endpoints: [endpoint],
  });
}
