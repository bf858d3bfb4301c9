import {
  ListTagsForResourceCommand,
  type QuickSightClient,
  type ResourceStatus,
} from '@aws-sdk/client-quicksight';
import { waitFor, type Backoff, type Clock, type WaitOptions } from '../wait.js';

/** What every QuickSight step needs: the client, where, and how to wait and report. */
export interface QuickSightContext {
  readonly client: QuickSightClient;
  readonly accountId: string;
  readonly region: string;
  readonly timeoutMs: number;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly log: (line: string) => void;
}

/** What to do about the errors a publish commonly meets. */
const HINTS: Readonly<Record<string, string>> = {
  AccessDeniedException:
    'the credentials lack this QuickSight permission (the CI role needs quicksight:* on the team resources, ' +
    'iam:PassRole for the VPC connection, and QuickSight needs access to the Secrets Manager secret)',
  UnsupportedUserEditionException: 'this needs QuickSight Enterprise edition in the account',
  ResourceNotFoundException: 'the resource is missing; run the publish again to recreate it',
  ConflictException: 'another update is in progress; run the publish again when it has finished',
  ResourceExistsException: 'it already exists; run the publish again, which will then update it',
  LimitExceededException: 'a QuickSight quota is exhausted (SPICE capacity or ingestions per day)',
};

/** A failed QuickSight call, naming the operation, the resource and the account. */
export class QuickSightError extends Error {
  constructor(operation: string, resource: string, ctx: QuickSightContext, cause: unknown) {
    const name = cause instanceof Error ? cause.name : 'Error';
    const message = cause instanceof Error ? cause.message : String(cause);
    const hint = HINTS[name];
    super(
      `QuickSight ${operation} for ${resource} in account ${ctx.accountId} (${ctx.region}) failed: ` +
        `${name}: ${message}${hint === undefined ? '' : `; ${hint}`}`,
      { cause },
    );
    this.name = 'QuickSightError';
  }
}

/** Runs one QuickSight call, rethrowing failures as `QuickSightError`. */
export async function call<T>(
  ctx: QuickSightContext,
  operation: string,
  resource: string,
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new QuickSightError(operation, resource, ctx, error);
  }
}

/** True for QuickSight's ResourceNotFoundException. */
export const isNotFound = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ResourceNotFoundException';

/** Like `call`, but a missing resource gives `undefined` instead of an error. */
export async function describe<T>(
  ctx: QuickSightContext,
  operation: string,
  resource: string,
  send: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await send();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw new QuickSightError(operation, resource, ctx, error);
  }
}

/** A resource's tags as a map. */
export async function tagsOf(
  ctx: QuickSightContext,
  arn: string,
): Promise<ReadonlyMap<string, string>> {
  const out = await call(ctx, 'ListTagsForResource', arn, () =>
    ctx.client.send(new ListTagsForResourceCommand({ ResourceArn: arn })),
  );
  return new Map((out.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
}

/** Polls `status` until it is terminal; a `*_FAILED` status throws with `failure()`'s text. */
export async function waitForStatus(
  ctx: QuickSightContext,
  what: string,
  status: () => Promise<{ status: ResourceStatus | string | undefined; failure: string }>,
): Promise<void> {
  await waitFor(
    async () => {
      const s = await status();
      if (s.status === undefined || s.status.endsWith('_IN_PROGRESS')) return undefined;
      if (s.status.endsWith('_FAILED')) throw new Error(`${what} failed: ${s.failure}`);
      return true;
    },
    quickSightWait(ctx, what, { initialMs: 2000, factor: 1.5, maxMs: 20_000 }),
  );
}

/** The bounds of a wait for `what`: the context's timeout, clock and jitter, and `backoff`. */
export function quickSightWait(
  ctx: QuickSightContext,
  what: string,
  backoff: Backoff,
): WaitOptions {
  return {
    what,
    timeoutMs: ctx.timeoutMs,
    backoff,
    ...(ctx.clock === undefined ? {} : { clock: ctx.clock }),
    ...(ctx.random === undefined ? {} : { random: ctx.random }),
  };
}
