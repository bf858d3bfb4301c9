/** Team backends for tests, opened through the one factory the CLI and the actions use. */
import { QuickSightClient } from '@aws-sdk/client-quicksight';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTeam } from '../../contracts/environment/load.js';
import type { Environment } from '../../contracts/environment/schema.js';
import type { StackOutputs } from '../../contracts/stack-outputs.js';
import type { AwsClientFactory } from '../../actions/lib/pipeline/aws-clients.js';
import { openTeamBackend, type TeamBackend } from '../../actions/lib/pipeline/backend.js';
import { sqlDirs } from '../../actions/lib/pipeline/sql-dirs.js';
import { migrateStep } from '../../actions/lib/pipeline/steps.js';
import type { Clock } from '../../actions/lib/wait.js';
import { REPO_ROOT } from './warehouse.js';

export const TEST_RUN = { commit: '0123456789abcdef0123456789abcdef01234567', runId: '4242-1' };
export const SQL = sqlDirs(REPO_ROOT);

/** Sleeps return at once, so bounded waits and retries cost nothing. */
export const INSTANT_WAITS: { clock: Clock; random: () => number } = {
  clock: { now: () => 0, sleep: async () => undefined },
  random: () => 0.5,
};

/** Outputs of the example team's stack (Serverless, eu-west-1), for tests that need no real ones. */
export const EXAMPLE_STACK: StackOutputs = {
  region: 'eu-west-1',
  dataBucket: 'b',
  dataPrefix: 'retail-bank/',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/k',
  redshiftRoleArn: 'arn:aws:iam::111122223333:role/r',
  sagemakerRoleArn: 'arn:aws:iam::111122223333:role/s',
  modelPackageGroup: 'g',
  quicksightGroup: 'q',
  warehouse: {
    type: 'serverless',
    workgroup: 'retail-bank',
    namespace: 'retail-bank',
    database: 'rfm',
    secretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:x',
  },
};

/** The example team's environment file. */
export const exampleEnvironment = (): Promise<Environment> =>
  loadTeam(join(REPO_ROOT, 'environments'), 'retail-bank');

/** A local backend in a throwaway state folder, migrated; `dispose` closes and deletes it. */
export async function migratedLocalBackend(
  env?: Environment,
): Promise<{ backend: TeamBackend; stateRoot: string; dispose(): Promise<void> }> {
  const stateRoot = await mkdtemp(join(tmpdir(), 'team-backend-'));
  const backend = await openTeamBackend({
    env: env ?? (await exampleEnvironment()),
    backend: 'local',
    stateRoot,
    run: TEST_RUN,
  });
  await migrateStep(backend, SQL);
  return {
    backend,
    stateRoot,
    dispose: async () => {
      await backend.close();
      await rm(stateRoot, { recursive: true, force: true });
    },
  };
}

/** Where clients the test did not give point: nothing listens there, so a call fails at once. */
const NOWHERE = {
  endpoint: 'http://127.0.0.1:9',
  maxAttempts: 1,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};

/**
 * A client factory that hands out the given clients (pointed at moto, or mocked); the others
 * point nowhere, so a call the test did not expect fails instead of reaching AWS.
 */
export function givenClients(given: Partial<AwsClientFactory>): AwsClientFactory {
  return {
    redshiftData:
      given.redshiftData ?? ((region) => new RedshiftDataClient({ region, ...NOWHERE })),
    s3: given.s3 ?? ((region) => new S3Client({ region, ...NOWHERE })),
    sagemaker: given.sagemaker ?? ((region) => new SageMakerClient({ region, ...NOWHERE })),
    quicksight: given.quicksight ?? ((region) => new QuickSightClient({ region, ...NOWHERE })),
  };
}
