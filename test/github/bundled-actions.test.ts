/**
 * The bundled actions run as GitHub runs them (`node actions/<name>/dist/index.js` with INPUT_*
 * variables and the runner's output and summary files), on the local backend, in the order the
 * deploy workflow runs them: migrate → load (the CLI) → train → publish. publish-quicksight has no
 * local backend (its local twin is `workshop publish`), so its bundle talks to an in-memory
 * QuickSight endpoint, with the model version train-kmeans handed on.
 */
import { mkdir, mkdtemp, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STACK_OUTPUT } from '../../contracts/stack-outputs.js';
import { writeSampleData } from '../../actions/lib/sample-data/generate.js';
import { BUNDLE_PATH, bundleActions, type BundleResult } from '../../scripts/bundle-actions.js';
import { environmentYaml } from '../support/cdktf.js';
import { startFakeQuickSight, type FakeQuickSight } from '../support/fake-quicksight.js';
import { declaredInputs, ROOT } from '../support/github-files.js';
import { runAction, type ActionRun } from '../support/github-runner.js';
import { run } from '../support/process.js';

const TEAM = 'bundle-team';
const ACTION_TIMEOUT_MS = 120_000;

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';

let workspace: string;
let bundles: BundleResult[];
let quicksight: FakeQuickSight | undefined;

afterAll(async () => {
  await quicksight?.stop();
});

/** What `terraform output -json` prints for an applied team stack with a provisioned warehouse. */
function stackOutputsJson(): string {
  const values: Record<string, string> = {
    [STACK_OUTPUT.region]: REGION,
    [STACK_OUTPUT.dataBucket]: `workshop-${TEAM}-data-1`,
    [STACK_OUTPUT.dataPrefix]: `${TEAM}/`,
    [STACK_OUTPUT.kmsKeyArn]: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1`,
    [STACK_OUTPUT.redshiftRoleArn]: `arn:aws:iam::${ACCOUNT}:role/workshop-${TEAM}-redshift`,
    [STACK_OUTPUT.sagemakerRoleArn]: `arn:aws:iam::${ACCOUNT}:role/workshop-${TEAM}-sagemaker`,
    [STACK_OUTPUT.modelPackageGroup]: `workshop-${TEAM}-segments`,
    [STACK_OUTPUT.quicksightGroup]: `workshop-${TEAM}`,
    [STACK_OUTPUT.warehouseType]: 'provisioned',
    [STACK_OUTPUT.clusterId]: `workshop-${TEAM}`,
    [STACK_OUTPUT.database]: 'rfm',
    [STACK_OUTPUT.secretArn]: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:redshift!x`,
  };
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(values).map(([k, value]) => [k, { sensitive: false, type: 'string', value }]),
    ),
  );
}

/** The action's declared defaults, as the runner passes them when a workflow omits an input. */
function defaults(action: string): Record<string, string> {
  return Object.fromEntries(
    [...declaredInputs(join('actions', action))].flatMap(([name, input]) =>
      input.default === undefined ? [] : [[name, input.default]],
    ),
  );
}

function runBundled(
  action: string,
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv = {},
): Promise<ActionRun> {
  return runAction(join(ROOT, 'actions', action, BUNDLE_PATH), {
    workspace,
    defaults: defaults(action),
    inputs,
    env,
    timeoutMs: ACTION_TIMEOUT_MS,
  });
}

/** Fails with what the action printed, so a broken bundle explains itself. */
function expectSuccess(result: ActionRun): void {
  expect({ code: result.code, errors: result.errors }).toEqual({ code: 0, errors: [] });
}

beforeAll(async () => {
  const started = performance.now();
  bundles = await bundleActions(ROOT);
  const ms = Math.round(performance.now() - started);
  process.stderr.write(
    `bundled ${bundles.map((b) => `${b.action} (${(b.bytes / 1048576).toFixed(1)} MiB)`).join(', ')} in ${ms} ms\n`,
  );

  workspace = await mkdtemp(join(tmpdir(), 'bundled-actions-'));
  await mkdir(join(workspace, 'environments'));
  await writeFile(
    join(workspace, 'environments', `${TEAM}.yaml`),
    environmentYaml(TEAM, {
      model: 'model: { k: 4, restarts: 2 }',
      warehouse:
        'warehouse: { type: provisioned, nodeType: ra3.xlplus, nodeCount: 2, database: rfm }',
    }),
  );
  await symlink(join(ROOT, 'sql'), join(workspace, 'sql'));
  await writeSampleData(join(workspace, 'data'), { orders: 3_000, seed: 7 });
  await writeFile(join(workspace, 'stack-outputs.json'), stackOutputsJson());
  quicksight = await startFakeQuickSight(REGION);
}, 120_000);

test('every action is bundled into dist/index.js; DuckDB, a native module, stays outside', async () => {
  expect(bundles.map((b) => b.action)).toEqual(
    expect.arrayContaining(['migrate-redshift', 'publish-quicksight', 'train-kmeans']),
  );
  for (const b of bundles) {
    expect(b.outfile).toBe(join(ROOT, 'actions', b.action, 'dist', 'index.js'));
    expect((await stat(b.outfile)).size).toBe(b.bytes);
    // Imported from node_modules at run time, not inlined.
    expect(await readFile(b.outfile, 'utf8')).toMatch(/from "@duckdb\/node-api"/);
  }
});

describe('in deploy order on the local backend', () => {
  test('migrate-redshift applies every migration and reports them', async () => {
    const result = await runBundled('migrate-redshift', { team: TEAM, backend: 'local' });
    expectSuccess(result);
    const applied = JSON.parse(result.outputs['applied-files'] ?? 'null') as string[];
    expect(applied.length).toBeGreaterThan(5);
    expect(applied[0]).toMatch(/^V001__/);
    expect(result.outputs).toMatchObject({
      'applied-count': String(applied.length),
      'applied-versions': expect.stringMatching(/^1,2,3,4(,\d+)*$/),
      'pending-files': '[]',
    });
    expect(result.summary).toContain(`### Migrations: ${TEAM} (local)`);
    expect(result.summary).toContain(`${applied.length} applied, 0 unchanged.`);
  });

  test('the CLI loads the data into the migrated warehouse', async () => {
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const load = await run(
      tsx,
      [join(ROOT, 'actions', 'workshop.ts'), 'load', '--team', TEAM, '--data', 'data'],
      { cwd: workspace, timeoutMs: ACTION_TIMEOUT_MS },
    );
    expect({ code: load.code, stderr: load.code === 0 ? '' : load.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(load.stdout).toMatch(/^orders\t3000 in\t3000 loaded\t0 rejected$/m);
  });

  let modelVersion: string;

  test('train-kmeans trains, registers and activates a model', async () => {
    const result = await runBundled('train-kmeans', { team: TEAM, backend: 'local' });
    expectSuccess(result);
    expect(result.outputs).toEqual({
      'model-version': '1',
      'model-package-arn': '',
      k: '4',
      msd: expect.stringMatching(/^\d+\.\d+(e-?\d+)?$/),
      'approval-status': 'Approved',
    });
    // In the log-standard space three standardised features have a total variance of 3, which
    // any clustering's mean squared distance is below.
    expect(Number(result.outputs.msd)).toBeGreaterThan(0);
    expect(Number(result.outputs.msd)).toBeLessThan(3);
    modelVersion = result.outputs['model-version'] ?? '';
    expect(result.summary).toContain(`## KMeans v1 for ${TEAM} (local)`);
    expect(result.summary).toContain('**Approved** and now the active version');
    const registered = JSON.parse(
      await readFile(join(workspace, '.workshop', TEAM, 'models', 'v0001', 'model.json'), 'utf8'),
    ) as { k: number };
    expect(registered.k).toBe(4);
  });

  // The inputs deploy.yml passes; the endpoint and credentials are the fake's.
  const publish = (): Promise<ActionRun> =>
    runBundled(
      'publish-quicksight',
      {
        team: TEAM,
        'stack-outputs': 'stack-outputs.json',
        'model-version': modelVersion,
        'run-id': '4242-1',
      },
      {
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_QUICKSIGHT: quicksight!.url,
        AWS_MAX_ATTEMPTS: '1',
      },
    );

  test('publish-quicksight publishes the dashboard for the new model version', async () => {
    const result = await publish();
    expectSuccess(result);
    expect(result.outputs).toEqual({
      'dashboard-id': expect.stringContaining(TEAM),
      'dashboard-url': expect.stringMatching(
        new RegExp(`^https://${REGION}\\.quicksight\\.aws\\.amazon\\.com/sn/dashboards/`),
      ),
      'published-version': '1',
      changed: 'true',
    });
    expect(result.summary).toContain(result.outputs['dashboard-url']);
    expect(quicksight!.calls).toEqual(
      expect.arrayContaining([
        'CreateDataSource',
        'CreateDataSet',
        'CreateDashboard',
        'DescribeIngestion',
      ]),
    );
    expect(quicksight!.calls.filter((c) => c.startsWith('unknown'))).toEqual([]);
  });

  test('publishing again with nothing changed makes no mutating call', async () => {
    quicksight!.calls.length = 0;
    const result = await publish();
    expectSuccess(result);
    expect(result.outputs).toMatchObject({ 'published-version': '1', changed: 'false' });
    expect(quicksight!.calls.filter((c) => !/^(Describe|List)/.test(c))).toEqual([]);
  });

  test('a second migrate run finds nothing to apply', async () => {
    const result = await runBundled('migrate-redshift', { team: TEAM, backend: 'local' });
    expectSuccess(result);
    expect(result.outputs['applied-count']).toBe('0');
  });
});

test('a bad input fails the step with the input named, as core.setFailed reports it', async () => {
  const result = await runBundled('train-kmeans', { team: TEAM, backend: 'local', k: 'seven' });
  expect(result.code).toBe(1);
  expect(result.errors.join('\n')).toMatch(/input "k" is "seven"/);
  expect(result.outputs).toEqual({});
});
