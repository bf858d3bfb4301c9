/**
 * Which pipeline steps a team's deploy runs after `terraform apply`. Migrations and the dashboard
 * are cheap and idempotent, so they always run; loading data and training a model are not, so they
 * run when the team is new or when the settings they depend on changed.
 */
import type { Environment } from '../../../contracts/environment/schema.js';

/** The steps, in the order the deploy runs them. */
export const DEPLOY_STEPS = ['migrate', 'load', 'train', 'publish'] as const;
/** One of the pipeline steps after the apply. */
export type DeployStep = (typeof DEPLOY_STEPS)[number];

/** The team's environment before the change, when there is one to compare with. */
export type PreviousEnvironment =
  | { readonly kind: 'present'; readonly env: Environment; readonly tornDown: boolean }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown'; readonly why: string };

/** Files whose change alters the features the model is trained on. */
export const FEATURE_PATHS = ['sql/refresh/'];

/** Settings that decide what data the warehouse holds: a new warehouse or region starts empty. */
const DATA_SETTINGS: readonly ((env: Environment) => unknown)[] = [
  (e) => e.region,
  (e) => e.warehouse.type,
  (e) => e.warehouse.database,
  (e) => e.load,
  (e) => e.asOf,
  // The currency only labels the dashboard's money: changing it reloads nothing.
  (e) => ({ ...e.source, currency: undefined }),
];

/** One step's verdict with the reason, for the job summary. */
export interface StepDecision {
  readonly run: boolean;
  readonly why: string;
}

/** Every step's verdict. */
export type DeployPlan = Readonly<Record<DeployStep, StepDecision>>;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Names of the top-level settings that differ, for the reasons. */
function changedSettings(before: Environment, after: Environment): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((k) => !same(before[k as keyof Environment], after[k as keyof Environment]))
    .sort();
}

/**
 * Decides the deploy steps for a team whose environment is now `after`. `changedFiles` are the
 * repository paths the change touched.
 */
export function decideDeploySteps(
  previous: PreviousEnvironment,
  after: Environment,
  changedFiles: readonly string[],
): DeployPlan {
  if (previous.kind !== 'present' || previous.tornDown) {
    const why = firstDeployReason(previous);
    return {
      migrate: MIGRATE,
      load: { run: true, why },
      train: { run: true, why },
      publish: PUBLISH,
    };
  }
  const before = previous.env;
  const settings = changedSettings(before, after);
  const dataChanged = DATA_SETTINGS.some((get) => !same(get(before), get(after)));
  const featureFiles = changedFiles.filter((f) => FEATURE_PATHS.some((p) => f.startsWith(p)));
  const modelChanged = !same(before.model, after.model);

  const load: StepDecision = dataChanged
    ? { run: true, why: `data settings changed (${settings.join(', ')})` }
    : featureFiles.length > 0
      ? { run: true, why: `feature SQL changed (${featureFiles.join(', ')})` }
      : { run: false, why: 'data settings unchanged' };
  const train: StepDecision = load.run
    ? { run: true, why: 'new data: the model is retrained on it' }
    : modelChanged
      ? { run: true, why: 'model settings changed' }
      : { run: false, why: 'model settings unchanged' };
  return { migrate: MIGRATE, load, train, publish: PUBLISH };
}

const MIGRATE: StepDecision = {
  run: true,
  why: 'migrations always run; applied files are skipped',
};
const PUBLISH: StepDecision = {
  run: true,
  why: 'the dashboard is always published; unchanged content is a no-op',
};

const SUPERSEDED: StepDecision = { run: false, why: 'a newer commit is already deployed' };

/** The plan of a deploy that stops because a newer commit is already deployed. */
export const NOTHING_TO_DEPLOY: DeployPlan = {
  migrate: SUPERSEDED,
  load: SUPERSEDED,
  train: SUPERSEDED,
  publish: SUPERSEDED,
};

function firstDeployReason(previous: PreviousEnvironment): string {
  switch (previous.kind) {
    case 'absent':
      return 'new team: first deploy';
    case 'unknown':
      return `no previous commit to compare with (${previous.why})`;
    case 'present':
      return 'the environment was torn down after it expired: first deploy again';
  }
}

/** The plan as step outputs: `migrate`, `load`, `train`, `publish` set to `true` or `false`. */
export function deployStepOutputs(plan: DeployPlan): Record<DeployStep, 'true' | 'false'> {
  return Object.fromEntries(DEPLOY_STEPS.map((s) => [s, plan[s].run ? 'true' : 'false'])) as Record<
    DeployStep,
    'true' | 'false'
  >;
}

/** The plan as a Markdown table for the job summary. */
export function renderDeploySteps(team: string, plan: DeployPlan): string {
  return [
    `### Deploy steps for \`${team}\``,
    '',
    '| step | runs | why |',
    '| --- | --- | --- |',
    ...DEPLOY_STEPS.map((s) => `| ${s} | ${plan[s].run ? 'yes' : 'no'} | ${plan[s].why} |`),
    '',
  ].join('\n');
}
