import type { Environment } from '../../../../contracts/environment/schema.js';
import {
  decideDeploySteps,
  deployStepOutputs,
  renderDeploySteps,
} from '../../../../actions/lib/gitops/deploy-steps.js';
import { environment } from '../../../support/cdktf.js';

const base = environment('acme');
const present = (env: Environment = base) => ({ kind: 'present' as const, env, tornDown: false });
const runs = (plan: ReturnType<typeof decideDeploySteps>) =>
  Object.fromEntries(Object.entries(plan).map(([step, d]) => [step, d.run]));
const EVERY_STEP = { migrate: true, load: true, train: true, publish: true };
/** What a deploy without new data or model settings runs. */
const MIGRATE_AND_PUBLISH = { migrate: true, load: false, train: false, publish: true };

describe('decideDeploySteps', () => {
  test('a new team runs every step', () => {
    const plan = decideDeploySteps({ kind: 'absent' }, base, []);
    expect(runs(plan)).toEqual(EVERY_STEP);
    expect(plan.load.why).toBe('new team: first deploy');
  });

  test('with nothing to compare with, every step runs and says why', () => {
    const plan = decideDeploySteps(
      { kind: 'unknown', why: 'the push has no previous commit' },
      base,
      [],
    );
    expect(runs(plan)).toEqual(EVERY_STEP);
    expect(plan.train.why).toBe(
      'no previous commit to compare with (the push has no previous commit)',
    );
  });

  test('a team revived after its teardown starts over', () => {
    const plan = decideDeploySteps({ kind: 'present', env: base, tornDown: true }, base, []);
    expect(runs(plan)).toEqual(EVERY_STEP);
  });

  test('unchanged settings (shared code changed): migrate and publish only', () => {
    const plan = decideDeploySteps(present(), base, [
      'stacks/main.ts',
      'sql/migrations/V005__x.sql',
    ]);
    expect(runs(plan)).toEqual(MIGRATE_AND_PUBLISH);
  });

  test('changed model settings retrain without reloading', () => {
    const after = environment('acme', { model: 'model: { k: 5 }' });
    const plan = decideDeploySteps(present(), after, ['environments/acme.yaml']);
    expect(runs(plan)).toEqual({ migrate: true, load: false, train: true, publish: true });
    expect(plan.train.why).toBe('model settings changed');
  });

  test.each([
    ['load', { load: 'load: { maxErrors: 50 }' }],
    ['asOf', { asOf: 'asOf: 2018-09-01' }],
    [
      'warehouse',
      { warehouse: 'warehouse: { type: serverless, baseCapacity: 8, database: other }' },
    ],
    ['region', { region: 'region: eu-central-1' }],
  ])('changed data settings (%s) reload and therefore retrain', (setting, overrides) => {
    const after = environment('acme', overrides);
    const plan = decideDeploySteps(present(), after, ['environments/acme.yaml']);
    expect(runs(plan)).toEqual(EVERY_STEP);
    expect(plan.load.why).toBe(`data settings changed (${setting})`);
    expect(plan.train.why).toBe('new data: the model is retrained on it');
  });

  test('a warehouse resize keeps the data', () => {
    const after = environment('acme', {
      warehouse: 'warehouse: { type: serverless, baseCapacity: 64, database: rfm }',
    });
    expect(runs(decideDeploySteps(present(), after, []))).toEqual(MIGRATE_AND_PUBLISH);
  });

  test('changed feature SQL rebuilds the features and retrains', () => {
    const plan = decideDeploySteps(present(), base, ['sql/refresh/10_customer_features.sql']);
    expect(runs(plan)).toEqual(EVERY_STEP);
    expect(plan.load.why).toBe('feature SQL changed (sql/refresh/10_customer_features.sql)');
  });

  test('another currency only relabels the dashboard; other source settings reload', () => {
    const usd = environment('acme', { source: 'source: { format: olist, currency: USD }' });
    expect(runs(decideDeploySteps(present(), usd, []))).toEqual(MIGRATE_AND_PUBLISH);
    const statuses = environment('acme', {
      source: 'source: { format: olist, currency: USD, excludeStatuses: [canceled] }',
    });
    expect(runs(decideDeploySteps(present(usd), statuses, []))).toEqual(EVERY_STEP);
  });

  test('other settings (owners, description) change nothing in the pipeline', () => {
    const after = environment('acme', { owners: "owners: ['@someone-else']" });
    expect(runs(decideDeploySteps(present(), after, []))).toEqual(MIGRATE_AND_PUBLISH);
  });
});

test('outputs are true/false strings and the summary lists every step with its reason', () => {
  const plan = decideDeploySteps(present(), environment('acme', { model: 'model: { k: 4 }' }), []);
  expect(deployStepOutputs(plan)).toEqual({
    migrate: 'true',
    load: 'false',
    train: 'true',
    publish: 'true',
  });
  expect(renderDeploySteps('acme', plan)).toContain('| train | yes | model settings changed |');
});
