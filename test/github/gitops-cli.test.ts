/**
 * `workshop gitops …` as a workflow step runs it: outputs into GITHUB_OUTPUT, Markdown into
 * GITHUB_STEP_SUMMARY, a failure as exit code 1 with the reason on stderr.
 */
import { QuickSightClient } from '@aws-sdk/client-quicksight';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { once } from 'node:events';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOTSTRAP_ROLE_NAME, BOOTSTRAP_STACK_ID, PLAN_ROLE_NAME } from '../../contracts/naming.js';
import { ROOT } from '../support/github-files.js';
import { parseOutputFile } from '../support/github-runner.js';
import { sourceCurrency } from '../../contracts/environment/schema.js';
import { exampleEnvironment } from '../support/backend.js';
import { startFakeQuickSight } from '../support/fake-quicksight.js';
import { motoTarget, publishModelOne } from '../support/moto-quicksight.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { run } from '../support/process.js';

async function gitops(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'gitops-cli-'));
  const env = {
    ...process.env,
    ...extraEnv,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  await writeFile(env.GITHUB_OUTPUT, '');
  await writeFile(env.GITHUB_STEP_SUMMARY, '');
  const result = await run(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    [join(ROOT, 'actions', 'workshop.ts'), 'gitops', ...args],
    { cwd: ROOT, env, timeoutMs: 60_000 },
  );
  return {
    ...result,
    outputs: parseOutputFile(await readFile(env.GITHUB_OUTPUT, 'utf8')),
    summary: await readFile(env.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

test('expired, on a schedule long after every team expired, destroys them all', async () => {
  const result = await gitops(['expired', '--event', 'schedule', '--now', '2999-01-01']);
  expect(result.code).toBe(0);
  expect(result.outputs).toMatchObject({ any: 'true', destroy: 'true', 'dry-run': 'false' });
  expect(JSON.parse(result.outputs.matrix ?? '{}')).toMatchObject({
    include: expect.arrayContaining([expect.objectContaining({ team: 'retail-bank' })]),
  });
  expect(result.summary).toContain('## Expired environments');
});

test('changed-teams between a commit and itself changes nobody', async () => {
  const result = await gitops(['changed-teams', '--base', 'HEAD', '--head', 'HEAD']);
  expect(result.code).toBe(0);
  expect(result.outputs).toMatchObject({ teams: '[]', any: 'false', 'any-teardown': 'false' });
});

test('a bad flag fails the step and says what is expected', async () => {
  const result = await gitops(['expired', '--grace-days', 'soon']);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('--grace-days must be a whole number from 0 to 365, got "soon"');
  expect(result.outputs).toEqual({});
});

test('ci-names gives the role and stack names of contracts/naming.ts', async () => {
  const result = await gitops(['ci-names']);
  expect(result.code).toBe(0);
  expect(result.outputs).toEqual({
    'plan-role': PLAN_ROLE_NAME,
    'bootstrap-role': BOOTSTRAP_ROLE_NAME,
    'bootstrap-stack-dir': `cdktf.out/stacks/${BOOTSTRAP_STACK_ID}`,
  });
});

test('the record commands need the state bucket and exactly one subject', async () => {
  const noBucket = await gitops(['supersede-check', '--team', 'retail-bank']);
  expect(noBucket.code).toBe(1);
  expect(noBucket.stderr).toContain('--state-bucket is required');
  const both = await gitops(['record-deployed', '--team', 'x', '--bootstrap']);
  expect(both.code).toBe(1);
  expect(both.stderr).toContain('give either --team <id> or --bootstrap');
});

describe('deploy records in S3 (moto), through the CLI', () => {
  let moto: MotoServer;
  const bucket = 'cli-state';
  let awsEnv: NodeJS.ProcessEnv;
  beforeAll(async () => {
    moto = await startMoto();
    awsEnv = {
      AWS_ENDPOINT_URL_S3: moto.url,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_MAX_ATTEMPTS: '1',
    };
    const s3 = new S3Client({
      region: 'eu-west-1',
      endpoint: moto.url,
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    s3.destroy();
  }, 60_000);
  afterAll(async () => {
    await moto?.stop();
  });
  const state = ['--state-bucket', bucket, '--state-region', 'eu-west-1'];
  /** `workshop gitops <command> --team retail-bank <options>` against the records in moto. */
  const forTeam = (command: string, ...options: string[]) =>
    gitops([command, '--team', 'retail-bank', ...options, ...state], awsEnv);

  test('record HEAD, then an older commit stops and HEAD itself deploys nothing new', async () => {
    const recorded = await forTeam('record-deployed', '--commit', 'HEAD');
    expect({ code: recorded.code, stderr: recorded.code === 0 ? '' : recorded.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(recorded.outputs).toMatchObject({ recorded: 'true', commit: expect.any(String) });

    const older = await forTeam('supersede-check', '--commit', 'HEAD~1');
    expect(older.outputs).toMatchObject({
      proceed: 'false',
      'deployed-commit': recorded.outputs.commit,
    });

    const steps = await forTeam('deploy-steps', '--head', 'HEAD');
    expect(steps.outputs).toMatchObject({
      deploy: 'true',
      'compared-with': recorded.outputs.commit,
      load: 'false',
      train: 'false',
    });
  });
});

test('teams --team with an empty id is refused, not read as every team', async () => {
  const result = await gitops(['teams', '--team', '']);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/--team/);
  expect(result.stderr).toMatch(/expected a team id/i);
  expect(result.outputs).toEqual({});
  const one = await gitops(['teams', '--team', 'retail-bank', '--now', '2026-12-07']);
  expect(one.code).toBe(0);
  expect(JSON.parse(one.outputs.matrix ?? '{}')).toMatchObject({
    include: [expect.objectContaining({ team: 'retail-bank' })],
  });
});

describe('the drift checks of what Terraform does not see, through the CLI', () => {
  const AWS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_MAX_ATTEMPTS: '1' };

  test('dashboard-drift reads the published dashboard and leaves its result for the report', async () => {
    const env = await exampleEnvironment();
    const quicksight = await startFakeQuickSight(env.region);
    const out = await mkdtemp(join(tmpdir(), 'dashboard-drift-'));
    try {
      const client = new QuickSightClient({
        region: env.region,
        endpoint: quicksight.url,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      await publishModelOne(
        client,
        motoTarget(env.team, {
          accountId: '111122223333',
          region: env.region,
          currency: sourceCurrency(env.source),
        }),
        'cli',
      );
      client.destroy();
      quicksight.calls.length = 0;
      const args = ['dashboard-drift', '--team', env.team, '--account-id', '111122223333'];
      const result = await gitops([...args, '--out', out], {
        ...AWS,
        AWS_ENDPOINT_URL_QUICKSIGHT: quicksight.url,
      });
      expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({
        code: 0,
        stderr: '',
      });
      expect(result.outputs).toEqual({ drifted: 'false', findings: '0' });
      expect(result.summary).toContain('✅ In sync with the code.');
      expect(quicksight.calls).toEqual(['DescribeDashboard', 'ListTagsForResource']);
      expect(JSON.parse(await readFile(join(out, `${env.team}.dashboard.json`), 'utf8'))).toEqual({
        check: 'dashboard',
        findings: [],
      });
    } finally {
      await quicksight.stop();
    }
  });

  test('migration-drift refused by AWS fails the step and leaves the reason for the report', async () => {
    // What the Data API answers a role that may not query the warehouse.
    const denied = createServer((_req, res) => {
      res.writeHead(400, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-errortype': 'AccessDeniedException',
      });
      res.end(
        JSON.stringify({ message: 'not authorized to perform redshift-data:ExecuteStatement' }),
      );
    });
    denied.listen(0, '127.0.0.1');
    await once(denied, 'listening');
    const { port } = denied.address() as { port: number };
    const out = await mkdtemp(join(tmpdir(), 'migration-drift-'));
    try {
      const result = await gitops(['migration-drift', '--team', 'retail-bank', '--out', out], {
        ...AWS,
        AWS_ENDPOINT_URL_REDSHIFT_DATA: `http://127.0.0.1:${port}`,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('not authorized to perform redshift-data:ExecuteStatement');
      expect(result.summary).toContain('❌ The check failed:');
      const file = JSON.parse(await readFile(join(out, 'retail-bank.migrations.json'), 'utf8')) as {
        error?: string;
      };
      expect(file.error).toContain('not authorized');
    } finally {
      denied.close();
    }
  });
});
