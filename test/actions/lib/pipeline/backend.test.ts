/** The one factory of a team's backend: what it opens for each backend, and what it refuses. */
import { describe, expect, jest, test } from '@jest/globals';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsClients } from '../../../../actions/lib/pipeline/aws-clients.js';
import {
  openTeamBackend,
  type OpenBackendOptions,
} from '../../../../actions/lib/pipeline/backend.js';
import {
  EXAMPLE_STACK,
  exampleEnvironment,
  givenClients,
  TEST_RUN,
} from '../../../support/backend.js';

const STACK = EXAMPLE_STACK;

/** The example team's backend: aws in a temporary folder, unless `over` says otherwise. */
const openExample = async (over: Partial<OpenBackendOptions>) =>
  openTeamBackend({
    env: await exampleEnvironment(),
    backend: 'aws',
    stateRoot: tmpdir(),
    run: TEST_RUN,
    ...over,
  });

describe('openTeamBackend', () => {
  test('local: the team DuckDB file, the TypeScript trainer, the model folder and the page', async () => {
    const stateRoot = await mkdtemp(join(tmpdir(), 'backend-local-'));
    const env = await exampleEnvironment();
    const backend = await openTeamBackend({ env, backend: 'local', stateRoot, run: TEST_RUN });
    try {
      expect(backend.kind).toBe('local');
      expect(backend.where).toBe(join(stateRoot, '.workshop', 'retail-bank', 'warehouse.duckdb'));
      expect(backend.wh.kind).toBe('duckdb');
      expect(backend.trainer.source).toBe('local');
      expect(backend.registry.kind).toBe('local');
      expect(backend.publisher.kind).toBe('page');
      expect(await backend.wh.query('select 1 as one')).toEqual([{ one: 1 }]);
      expect((await stat(backend.where)).isFile()).toBe(true);
    } finally {
      await backend.close();
      await rm(stateRoot, { recursive: true, force: true });
    }
  });

  test('local with a database URL: a server that cannot be reached is named without its password, and the team is not left locked', async () => {
    const stateRoot = await mkdtemp(join(tmpdir(), 'backend-local-url-'));
    const env = await exampleEnvironment();
    try {
      await expect(
        openTeamBackend({
          env,
          backend: 'local',
          stateRoot,
          run: TEST_RUN,
          databaseUrl: 'postgres://workshop:s3cret@127.0.0.1:1/rfm',
        }),
      ).rejects.toThrow(/^cannot connect to postgres:\/\/workshop:\*\*\*@127\.0\.0\.1:1\/rfm: /);
      const again = await openTeamBackend({ env, backend: 'local', stateRoot, run: TEST_RUN });
      await again.close();
    } finally {
      await rm(stateRoot, { recursive: true, force: true });
    }
  });

  test('aws: Redshift, SageMaker and QuickSight; given clients stay the caller’s', async () => {
    const redshift = new RedshiftDataClient({ region: 'eu-west-1' });
    const destroy = jest.spyOn(redshift, 'destroy');
    const backend = await openExample({
      stackOutputs: STACK,
      clients: givenClients({ redshiftData: () => redshift }),
    });
    expect(backend).toMatchObject({ kind: 'aws', where: 'retail-bank', stack: STACK });
    expect(backend.wh.kind).toBe('redshift');
    expect(backend.trainer.source).toBe('sagemaker');
    expect(backend.registry.kind).toBe('sagemaker');
    expect(backend.publisher.kind).toBe('quicksight');
    await backend.close();
    expect(destroy).not.toHaveBeenCalled();
    redshift.destroy();
  });

  test.each([
    [
      'stack outputs of another region',
      { stackOutputs: { ...STACK, region: 'us-east-1' } },
      "the stack outputs are for region us-east-1 but environments/retail-bank.yaml says eu-west-1; pass the outputs of team retail-bank's stack",
    ],
    [
      'stack outputs of a provisioned warehouse',
      {
        stackOutputs: {
          ...STACK,
          warehouse: { type: 'provisioned', clusterId: 'c', database: 'rfm', secretArn: 's' },
        },
      },
      'the stack outputs describe a provisioned warehouse but environments/retail-bank.yaml a serverless one',
    ],
    ['no stack outputs', {}, "the aws backend needs the team stack's outputs"],
    [
      'a database URL',
      { stackOutputs: STACK, databaseUrl: 'postgres://u:p@h/d' },
      'a database URL is for the local backend',
    ],
  ] as [string, Partial<OpenBackendOptions>, string][])(
    'aws refuses %s, before any client is made',
    async (_name, over, message) => {
      const clients = givenClients({});
      const made = jest.spyOn(clients, 'redshiftData');
      await expect(openExample({ clients, ...over })).rejects.toThrow(message);
      expect(made).not.toHaveBeenCalled();
    },
  );

  test('a stack outputs file that does not exist says how to write it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'backend-outputs-'));
    await expect(
      openExample({ stateRoot: dir, stackOutputs: join(dir, 'missing.json') }),
    ).rejects.toThrow(/missing\.json does not exist; write it with: terraform output -json/);
    await writeFile(join(dir, 'empty.json'), '{}');
    await expect(
      openExample({ stateRoot: dir, stackOutputs: join(dir, 'empty.json') }),
    ).rejects.toThrow(/empty\.json/);
  });

  test('local refuses stack outputs', async () => {
    await expect(openExample({ backend: 'local', stackOutputs: STACK })).rejects.toThrow(
      'stack outputs are for the aws backend',
    );
  });
});

describe('awsClients', () => {
  test('retries adaptively, says who calls, and makes each client for the region asked', async () => {
    const clients = awsClients('rfm-workshop/test');
    const data = clients.redshiftData('eu-west-1');
    const s3 = clients.s3('eu-central-1');
    try {
      expect(await data.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
      expect(await data.config.maxAttempts()).toBe(8);
      expect(await data.config.region()).toBe('eu-west-1');
      expect(await s3.config.region()).toBe('eu-central-1');
      expect(data.config.customUserAgent).toEqual([['rfm-workshop/test']]);
    } finally {
      data.destroy();
      s3.destroy();
    }
  });
});
