/**
 * The permission check every call of the rehearsal passes: its IAM requests (authorization.ts)
 * are evaluated with the condition-aware simulator against the policies of the role that makes the
 * call, before the call reaches moto or a stand-in. A denied call fails with AccessDenied, as AWS
 * would fail it. moto with IAM enforcement judges the same call again where it can (see
 * `motoCanJudge`); both verdicts are kept.
 */
import type { Client, HandlerExecutionContext, MetadataBearer } from '@smithy/types';
import {
  iamRequestsOf,
  type AccountFacts,
  type ApiCall,
  type SessionFacts,
} from './authorization.js';
import { decide, type Call, type Caller, type Decision } from './simulator.js';
import type { PolicyDoc } from './synthesized-policies.js';

/**
 * moto's verdict on a call: judged; or not judged because a stand-in answered, because moto
 * cannot evaluate the conditions it rests on, or because the call is a service's own (moto sees
 * the services user, not the role checked).
 */
export type MotoVerdict = 'Allowed' | 'Denied' | 'stand-in' | 'conditions' | 'service';

/** One call as the gate saw it. */
export interface GateEntry {
  readonly step: string;
  readonly call: ApiCall;
  readonly requests: ReadonlyArray<Call & { readonly decision: Decision }>;
  readonly allowed: boolean;
  moto?: MotoVerdict;
}

/** The header test/support/moto_server.py authorizes on, for services moto checks against `*`. */
export const IAM_RESOURCE_HEADER = 'X-Rehearsal-Iam-Resource';

type Statement = {
  Effect: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Condition?: unknown;
  NotResource?: unknown;
};

const globMatch = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${[...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`,
    'i',
  ).test(value);

/** AccessDenied as the SDK raises it, naming what was denied and why. */
export class AccessDenied extends Error {
  readonly $metadata = { httpStatusCode: 403 };
  constructor(readonly entry: GateEntry) {
    const denied = entry.requests.filter((r) => r.decision !== 'Allowed');
    super(
      `${entry.call.service}:${entry.call.operation} denied by the simulator: ${denied
        .map((r) => `${r.action} on ${r.resource} (${r.decision})`)
        .join('; ')}`,
    );
    this.name = 'AccessDenied';
  }
}

const isDenial = (error: unknown): boolean => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e.$metadata?.httpStatusCode === 403 ||
    e.name === 'AccessDenied' ||
    e.name === 'AccessDeniedException'
  );
};

/** Evaluates calls as one role's session and records each. */
export class PermissionGate {
  /** The pipeline step (or list) the calls belong to, for the log. */
  step = 'setup';
  readonly log: GateEntry[] = [];
  private readonly decisions = new Map<string, Promise<Decision>>();
  private readonly owners = new Map<string, string>();
  private readonly packages = new Map<string, number>();
  readonly session: SessionFacts;

  constructor(
    readonly caller: Caller,
    private readonly facts: AccountFacts,
    userid: string,
    /** The key policy, bucket policy, ... of a resource, when it has one. */
    private readonly resourcePolicy: (resource: string) => PolicyDoc | undefined,
    /**
     * False for a service role (Redshift's, SageMaker's): its calls go to moto as the services
     * user, so moto judges nothing for it.
     */
    private readonly motoSeesCaller = true,
  ) {
    this.session = {
      userid,
      statementOwner: (id) => this.owners.get(id),
      nextModelPackageVersion: (group) => (this.packages.get(group) ?? 0) + 1,
    };
  }

  /** A gate for the same session (statements it ran, versions it made) with other policies. */
  withPolicies(identityPolicies: Caller['identityPolicies']): PermissionGate {
    const gate = new PermissionGate(
      { ...this.caller, identityPolicies },
      this.facts,
      this.session.userid,
      this.resourcePolicy,
      this.motoSeesCaller,
    );
    for (const [id, owner] of this.owners) gate.owners.set(id, owner);
    for (const [group, version] of this.packages) gate.packages.set(group, version);
    return gate;
  }

  /**
   * Whether moto's IAM enforcement can decide `action` for this caller: moto evaluates no
   * Condition (it takes each as met, whatever the effect) and no NotResource, so a call whose
   * action any such statement names is decided by the simulator alone.
   */
  motoCanJudge(action: string): boolean {
    return !this.caller.identityPolicies.some(({ policy }) =>
      (policy.Statement as Statement[]).some((s) => {
        if (s.Condition === undefined && s.NotResource === undefined) return false;
        const actions = ([] as string[]).concat(s.Action ?? []);
        return actions.some((a) => globMatch(a, action));
      }),
    );
  }

  private decide(request: Call): Promise<Decision> {
    const policy = this.resourcePolicy(request.resource);
    const key = JSON.stringify([request, policy === undefined ? 0 : request.resource]);
    let decision = this.decisions.get(key);
    if (decision === undefined) {
      decision = decide(this.caller, request, policy);
      this.decisions.set(key, decision);
    }
    return decision;
  }

  /** Evaluates `call` and logs it; does not throw. */
  async evaluate(call: ApiCall): Promise<GateEntry> {
    const requests = await Promise.all(
      iamRequestsOf(call, this.facts, this.session).map(async (r) => ({
        ...r,
        decision: await this.decide(r),
      })),
    );
    const entry: GateEntry = {
      step: this.step,
      call,
      requests,
      allowed: requests.every((r) => r.decision === 'Allowed'),
    };
    this.log.push(entry);
    return entry;
  }

  /** Learns what a successful call established: statement owners, model package versions. */
  observe(call: ApiCall, output: unknown): void {
    const out = output as { Id?: string; ModelPackageArn?: string };
    if (/^(Batch)?ExecuteStatement$/.test(call.operation) && out.Id !== undefined) {
      this.owners.set(out.Id, this.session.userid);
    }
    if (call.operation === 'CreateModelPackage' && out.ModelPackageArn !== undefined) {
      const group = String(call.input.ModelPackageGroupName);
      this.packages.set(group, Number(/\/(\d+)$/.exec(out.ModelPackageArn)?.[1] ?? 0));
    }
  }

  /**
   * Evaluates calls the SDK has no client for; those moto can judge are then made with `send`
   * (boto3, the same session's credentials, each with the IAM resource for moto's check), all
   * at once, and moto's verdicts recorded. Returns the entries; never throws for a denial.
   */
  async viaBoto(
    calls: readonly ApiCall[],
    send: (
      batch: ReadonlyArray<{ call: ApiCall; iamResource: string }>,
    ) => Promise<readonly boolean[]>,
  ): Promise<GateEntry[]> {
    const entries: GateEntry[] = [];
    for (const call of calls) entries.push(await this.evaluate(call));
    const judged = entries.filter((e) => this.motoCanJudge(e.requests[0]!.action));
    const denied = await send(
      judged.map((e) => ({ call: e.call, iamResource: e.requests[0]!.resource })),
    );
    for (const e of entries) e.moto = 'conditions';
    judged.forEach((e, i) => (e.moto = denied[i] === true ? 'Denied' : 'Allowed'));
    return entries;
  }

  /**
   * Puts the gate in front of `client` (an SDK v3 client of `service`). Every call is evaluated
   * first; then it goes to moto (the client's own endpoint), or to `standIn` when given, for
   * calls moto does not implement. A call the simulator denies still goes to moto when moto can
   * judge it, so that moto's verdict is recorded too, and then fails either way.
   */
  guard<C extends Client<object, MetadataBearer, unknown>>(
    client: C,
    service: string,
    standIn?: (
      operation: string,
    ) => ((input: Record<string, unknown>) => Promise<unknown>) | undefined,
  ): C {
    client.middlewareStack.add(
      (next, context: HandlerExecutionContext) => async (args) => {
        const operation = String(context.commandName).replace(/Command$/, '');
        const input = args.input as Record<string, unknown>;
        const call: ApiCall = { service, operation, input };
        const entry = await this.evaluate(call);
        const answer = standIn?.(operation);
        if (answer !== undefined) {
          entry.moto = 'stand-in';
          if (!entry.allowed) throw new AccessDenied(entry);
          const output = await answer(input);
          this.observe(call, output);
          return { output: output as never, response: {} };
        }
        const primary = entry.requests[0]!;
        if (!this.motoSeesCaller) {
          entry.moto = 'service';
          if (!entry.allowed) throw new AccessDenied(entry);
          const result = await next(args);
          this.observe(call, result.output);
          return result;
        }
        if (!entry.allowed && !this.motoCanJudge(primary.action)) {
          entry.moto = 'conditions';
          throw new AccessDenied(entry);
        }
        (context as Record<string, unknown>).iamResource = primary.resource;
        try {
          const result = await next(args);
          entry.moto = this.motoCanJudge(primary.action) ? 'Allowed' : 'conditions';
          if (!entry.allowed) throw new AccessDenied(entry);
          this.observe(call, result.output);
          return result;
        } catch (error) {
          if (error instanceof AccessDenied) throw error;
          if (isDenial(error)) {
            entry.moto = 'Denied';
            throw entry.allowed ? error : new AccessDenied(entry);
          }
          if (entry.moto === undefined)
            entry.moto = this.motoCanJudge(primary.action) ? 'Allowed' : 'conditions';
          throw error;
        }
      },
      { step: 'initialize', priority: 'high', name: 'permissionGate' },
    );
    client.middlewareStack.add(
      (next, context: HandlerExecutionContext) => async (args) => {
        const resource = (context as Record<string, unknown>).iamResource;
        const request = args.request as { headers?: Record<string, string> };
        if (typeof resource === 'string' && request.headers !== undefined) {
          request.headers[IAM_RESOURCE_HEADER] = resource;
        }
        return next(args);
      },
      { step: 'build', name: 'permissionGateResourceHeader' },
    );
    return client;
  }
}
