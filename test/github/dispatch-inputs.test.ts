/**
 * The inputs of manually run workflows: a fixed set of values is a `choice` (a drop-down, not free
 * text), and every choice, as the workflow hands it on, is a value the action or CLI accepts.
 */
import { parseInputs } from '../../actions/train-kmeans/main.js';
import { expiryMode } from '../../actions/lib/gitops/expiry.js';
import { readYaml, workflowFiles } from '../support/github-files.js';
import { interpolate } from './expressions.js';

interface DispatchInput {
  type: string;
  description?: string;
  required?: boolean;
  default?: unknown;
  options?: string[];
}
interface DispatchWorkflow {
  on: { workflow_dispatch?: { inputs?: Record<string, DispatchInput> } | null };
  jobs: Record<
    string,
    { steps?: { id?: string; if?: string; run?: string; with?: Record<string, unknown> }[] }
  >;
}

const dispatched = workflowFiles().flatMap((file) =>
  Object.entries(readYaml<DispatchWorkflow>(file).on.workflow_dispatch?.inputs ?? {}).map(
    ([name, input]) => ({ file, name, input }),
  ),
);

test.each(dispatched.map((d) => [`${d.file} ${d.name}`, d] as const))(
  '%s has a type, and a choice lists its options with the default among them',
  (_where, { input }) => {
    expect(['string', 'boolean', 'choice', 'number', 'environment']).toContain(input.type);
    if (input.type === 'choice') {
      expect(input.options?.length).toBeGreaterThan(1);
      expect(input.options).toContain(input.default);
    }
  },
);

describe("retrain.yml's approval policy", () => {
  const retrain = readYaml<DispatchWorkflow>('.github/workflows/retrain.yml');
  const input = retrain.on.workflow_dispatch?.inputs?.approval;
  const train = retrain.jobs.retrain?.steps?.find((s) => s.id === 'train');

  /** What train-kmeans receives for `choice`, as the runner evaluates the step's `with:`. */
  const handedOn = (choice: string): string =>
    interpolate(train?.with?.approval, { inputs: { approval: choice } });

  const parse = (policy: string) =>
    parseInputs(
      (name) =>
        ({
          team: 'acme',
          backend: 'local',
          'environments-dir': 'environments',
          'lifetime-value': 'true',
          approval: policy,
        })[name] ?? '',
    );

  test('is a choice', () => {
    expect(input?.type).toBe('choice');
  });

  test('offers exactly what train-kmeans accepts: auto, manual, or the environment file (empty)', () => {
    const values = (input?.options ?? []).map(handedOn);
    expect(values.sort()).toEqual(['', 'auto', 'manual']);
    for (const value of values) {
      expect(parse(value).approval).toBe(value === '' ? undefined : value);
    }
    expect(() => parse('sometimes')).toThrow(/"approval"/);
  });
});

describe("expire.yml's dry-run", () => {
  const expire = readYaml<DispatchWorkflow>('.github/workflows/expire.yml');
  const input = expire.on.workflow_dispatch?.inputs?.['dry-run'];

  test('is a boolean whose values the CLI accepts, as is the empty value of a scheduled run', () => {
    expect(input).toMatchObject({ type: 'boolean', default: true });
    expect(expiryMode('workflow_dispatch', 'true').dryRun).toBe(true);
    expect(expiryMode('workflow_dispatch', 'false').dryRun).toBe(false);
    expect(expiryMode('schedule', '').dryRun).toBe(false);
    const step = expire.jobs.expired?.steps?.find((s) => s.id === 'expired');
    expect(step?.run).toContain('--dry-run "$DRY_RUN"');
  });
});

describe("retrain.yml's approve-version", () => {
  const retrain = readYaml<DispatchWorkflow>('.github/workflows/retrain.yml');
  const steps = retrain.jobs.retrain?.steps ?? [];
  const step = (id: string) => steps.find((s) => s.id === id);

  test('approves the version through the CLI instead of training, and publishes it', () => {
    expect(retrain.on.workflow_dispatch?.inputs?.['approve-version']).toMatchObject({
      type: 'string',
      default: '',
    });
    expect(step('approve')?.if).toBe("inputs.approve-version != ''");
    expect(step('approve')?.run).toContain('workshop.js model approve "$VERSION"');
    expect(step('train')?.if).toBe("inputs.approve-version == ''");
    const version = (approve: string, status = '', trained = '') =>
      interpolate(step('publish')?.with?.['model-version'], {
        inputs: { 'approve-version': approve },
        steps: { train: { outputs: { 'approval-status': status, 'model-version': trained } } },
      });
    expect(version('7')).toBe('7');
    expect(version('', 'Approved', '8')).toBe('8');
    expect(version('', 'PendingManualApproval', '8')).toBe('');
  });
});
