import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { ACCOUNT, type PolicyDoc } from './synthesized-policies.js';

/** One AWS call to evaluate. */
export interface Call {
  readonly action: string;
  readonly resource: string;
  /** Request context: tags, aliases, the passed-to service, ... */
  readonly context?: Record<string, string | string[]>;
}

/** Who makes the calls, with every policy that applies to them. */
export interface Caller {
  readonly principal: string;
  readonly identityPolicies: ReadonlyArray<{ name: string; policy: PolicyDoc }>;
  readonly boundary?: PolicyDoc;
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/**
 * Evaluates `call` as `caller` with the condition-aware simulator; `resourcePolicy` is the key
 * policy, bucket policy or trust policy of the resource, when it has one. A request the simulator
 * rejects (an unknown action) or whose context keys it would ignore fails with its errors.
 */
export async function decide(
  caller: Caller,
  call: Call,
  resourcePolicy?: PolicyDoc,
): Promise<Decision> {
  // Resources are in the caller's account.
  const accountId = /^arn:aws:iam::(\d{12}):/.exec(caller.principal)?.[1] ?? ACCOUNT;
  const simulation: Simulation = {
    request: {
      principal: caller.principal,
      action: call.action,
      resource: { resource: call.resource, accountId },
      contextVariables: { 'aws:PrincipalArn': caller.principal, ...(call.context ?? {}) },
    },
    identityPolicies: caller.identityPolicies.map((p) => ({ name: p.name, policy: p.policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy === undefined ? {} : { resourcePolicy }),
    ...(caller.boundary === undefined
      ? {}
      : { permissionBoundaryPolicies: [{ name: 'boundary', policy: caller.boundary }] }),
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') {
    throw new Error(`${call.action} on ${call.resource}: ${JSON.stringify(result.errors)}`);
  }
  // A context key the action does not have is dropped silently, and a condition on it then fails:
  // a denial would prove nothing, so such a call is an error in the test.
  const ignored = new Set(
    result.resultType === 'single'
      ? (result.result.ignoredContextKeys ?? [])
      : result.results.flatMap((r) => r.ignoredContextKeys ?? []),
  );
  if (ignored.size > 0) {
    throw new Error(
      `${call.action} on ${call.resource}: the simulator ignores context keys ${[...ignored].join(', ')}; remove them or use keys the action has`,
    );
  }
  return result.overallResult as Decision;
}
