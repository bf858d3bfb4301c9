import {
  CreateDashboardCommand,
  DescribeDashboardCommand,
  TagResourceCommand,
  UpdateDashboardCommand,
  UpdateDashboardPermissionsCommand,
  UpdateDashboardPublishedVersionCommand,
  type CreateDashboardCommandInput,
  type DashboardVersionDefinition,
} from '@aws-sdk/client-quicksight';
import { contentHash } from './content-hash.js';
import {
  call,
  describe,
  tagsOf,
  waitForStatus,
  type QuickSightContext,
} from './quicksight-call.js';
import type { Change } from './quicksight-data-source.js';
import {
  DEFINITION_HASH_TAG,
  PUBLISHED_VERSION_TAG,
  VERSION_DESCRIPTION_PREFIX,
  permissionsFor,
  resourceTags,
} from './quicksight-names.js';

/** How the dashboard is offered to viewers; part of what the definition hash covers. */
export const DASHBOARD_PUBLISH_OPTIONS = {
  AdHocFilteringOption: { AvailabilityStatus: 'DISABLED' },
  ExportToCSVOption: { AvailabilityStatus: 'ENABLED' },
  SheetControlsOption: { VisibilityState: 'EXPANDED' },
} as const satisfies CreateDashboardCommandInput['DashboardPublishOptions'];

/** The CreateDashboard request, without tags and version description: what the hash covers. */
export function dashboardInput(
  ctx: QuickSightContext,
  id: string,
  name: string,
  definition: DashboardVersionDefinition,
  principal: string,
): CreateDashboardCommandInput {
  return {
    AwsAccountId: ctx.accountId,
    DashboardId: id,
    Name: name,
    Definition: definition,
    Permissions: permissionsFor('dashboard', principal),
    DashboardPublishOptions: DASHBOARD_PUBLISH_OPTIONS,
    ValidationStrategy: { Mode: 'STRICT' },
  };
}

/** `…/version/3` → 3; undefined for anything else. */
export function versionNumberOf(versionArn: unknown): number | undefined {
  const match = /\/version\/(\d+)$/.exec(String(versionArn ?? ''));
  return match === null ? undefined : Number(match[1]);
}

async function describeVersion(ctx: QuickSightContext, id: string, version?: number) {
  const out = await call(ctx, 'DescribeDashboard', id, () =>
    ctx.client.send(
      new DescribeDashboardCommand({
        AwsAccountId: ctx.accountId,
        DashboardId: id,
        ...(version === undefined ? {} : { VersionNumber: version }),
      }),
    ),
  );
  return out.Dashboard?.Version;
}

async function waitForVersion(ctx: QuickSightContext, id: string, version?: number) {
  await waitForStatus(
    ctx,
    `QuickSight dashboard ${id} version ${version ?? 'latest'}`,
    async () => {
      const v = await describeVersion(ctx, id, version);
      const errors = (v?.Errors ?? [])
        .map(
          (e) =>
            `${e.Type}: ${e.Message}${(e.ViolatedEntities ?? []).map((x) => ` at ${x.Path}`).join('')}`,
        )
        .join('; ');
      return { status: v?.Status, failure: errors === '' ? 'no error details' : errors };
    },
  );
}

/** The dashboard after `ensureDashboard`. */
export interface DashboardOutcome {
  readonly arn: string;
  readonly publishedVersion: number;
  readonly change: Change;
}

/**
 * Records on the dashboard what the pipeline published: the definition hash and the version, for
 * the drift check. Tags only when they differ, so an unchanged dashboard costs read calls only.
 */
async function recordPublished(
  ctx: QuickSightContext,
  arn: string,
  definitionHash: string,
  version: number,
  known?: ReadonlyMap<string, string>,
): Promise<void> {
  const tags = known ?? (await tagsOf(ctx, arn));
  if (
    tags.get(DEFINITION_HASH_TAG) === definitionHash &&
    tags.get(PUBLISHED_VERSION_TAG) === String(version)
  )
    return;
  await call(ctx, 'TagResource', arn, () =>
    ctx.client.send(
      new TagResourceCommand({
        ResourceArn: arn,
        Tags: [
          { Key: DEFINITION_HASH_TAG, Value: definitionHash },
          { Key: PUBLISHED_VERSION_TAG, Value: String(version) },
        ],
      }),
    ),
  );
}

/**
 * Creates the dashboard, or, when the published version's description carries another content
 * hash, adds a version, waits for it and publishes it; then records the definition hash and the
 * published version in the dashboard's tags. Unchanged costs two read calls.
 */
export async function ensureDashboard(
  ctx: QuickSightContext,
  input: CreateDashboardCommandInput,
  team: string,
  definitionHash: string,
): Promise<DashboardOutcome> {
  const id = input.DashboardId ?? '';
  const hash = contentHash(input);
  const description = `${VERSION_DESCRIPTION_PREFIX}${hash}`;
  const existing = await describe(ctx, 'DescribeDashboard', id, () =>
    ctx.client.send(new DescribeDashboardCommand({ AwsAccountId: ctx.accountId, DashboardId: id })),
  );
  const published = existing?.Dashboard;

  if (published === undefined) {
    const out = await call(ctx, 'CreateDashboard', id, () =>
      ctx.client.send(
        new CreateDashboardCommand({
          ...input,
          VersionDescription: description,
          Tags: resourceTags(team, hash),
        }),
      ),
    );
    await waitForVersion(ctx, id, versionNumberOf(out.VersionArn));
    const version =
      versionNumberOf(out.VersionArn) ?? (await describeVersion(ctx, id))?.VersionNumber ?? 1;
    await recordPublished(ctx, out.Arn ?? '', definitionHash, version, new Map());
    return {
      arn: out.Arn ?? '',
      publishedVersion: version,
      change: { resource: 'dashboard', id, action: 'created', detail: `version ${version}` },
    };
  }

  const arn = published.Arn ?? '';
  const current = published.Version;
  if (current?.Description === description) {
    await recordPublished(ctx, arn, definitionHash, current.VersionNumber ?? 1);
    return {
      arn,
      publishedVersion: current.VersionNumber ?? 1,
      change: {
        resource: 'dashboard',
        id,
        action: 'unchanged',
        detail: `version ${current.VersionNumber}`,
      },
    };
  }

  const out = await call(ctx, 'UpdateDashboard', id, () =>
    ctx.client.send(
      new UpdateDashboardCommand({
        AwsAccountId: ctx.accountId,
        DashboardId: id,
        Name: input.Name,
        Definition: input.Definition,
        DashboardPublishOptions: input.DashboardPublishOptions,
        ValidationStrategy: input.ValidationStrategy,
        VersionDescription: description,
      }),
    ),
  );
  const version = versionNumberOf(out.VersionArn);
  if (version === undefined)
    throw new Error(
      `QuickSight UpdateDashboard for ${id} returned no version ARN (${String(out.VersionArn)}); ` +
        'look at the dashboard versions in the console and publish one by hand',
    );
  await waitForVersion(ctx, id, version);
  await call(ctx, 'UpdateDashboardPublishedVersion', id, () =>
    ctx.client.send(
      new UpdateDashboardPublishedVersionCommand({
        AwsAccountId: ctx.accountId,
        DashboardId: id,
        VersionNumber: version,
      }),
    ),
  );
  await call(ctx, 'UpdateDashboardPermissions', id, () =>
    ctx.client.send(
      new UpdateDashboardPermissionsCommand({
        AwsAccountId: ctx.accountId,
        DashboardId: id,
        GrantPermissions: input.Permissions,
      }),
    ),
  );
  await recordPublished(ctx, arn, definitionHash, version, new Map());
  return {
    arn,
    publishedVersion: version,
    change: {
      resource: 'dashboard',
      id,
      action: 'updated',
      detail: `version ${current?.VersionNumber ?? '?'} → ${version}`,
    },
  };
}
