/**
 * The dashboard drift check against a moto server, after real publishes. moto 5.2.1 stores the
 * dashboard and its tags (CreateDashboard, DescribeDashboard, TagResource, ListTagsForResource go
 * to moto itself) but keeps only version 1 of a dashboard, so UpdateDashboard and
 * UpdateDashboardPublishedVersion (the pipeline's, and the "console edit" below) are answered by
 * the gap-filling fake, which lays the published version over moto's DescribeDashboard answer
 * (test/support/moto-quicksight.ts).
 */
import { describe, expect, test } from '@jest/globals';
import {
  CreateDashboardCommand,
  UntagResourceCommand,
  UpdateDashboardCommand,
  UpdateDashboardPublishedVersionCommand,
} from '@aws-sdk/client-quicksight';
import { checkDashboardDrift } from '../../../../actions/lib/dashboards/dashboard-drift.js';
import { rfmDashboard } from '../../../../actions/lib/dashboards/definition.js';
import { dashboardDefinitionHash } from '../../../../actions/lib/dashboards/definition-hash.js';
import {
  DEFINITION_HASH_TAG,
  PUBLISHED_VERSION_TAG,
} from '../../../../actions/lib/dashboards/quicksight-names.js';
import {
  isReadOnlyCall,
  MOTO_ACCOUNT_ID,
  MOTO_REGION,
  motoQuickSightForFile,
} from '../../../support/moto-quicksight.js';

const moto = motoQuickSightForFile();

const publish = async (team: string, currency = 'EUR') =>
  (await moto.publish(team, 'drift-test', { currency })).report;

/** The drift check as the drift job runs it, with the calls it made. */
const check = async (team: string, currency = 'EUR') => {
  const { qs, gaps } = moto.client();
  const drift = await checkDashboardDrift(qs, {
    accountId: MOTO_ACCOUNT_ID,
    region: MOTO_REGION,
    team,
    spec: rfmDashboard(currency),
  });
  return { drift, calls: gaps.callNames() };
};
const kinds = (drift: { findings: readonly { kind: string }[] }) =>
  drift.findings.map((f) => f.kind);

describe('dashboard drift (moto)', () => {
  test('right after a publish: in sync, read with DescribeDashboard and ListTagsForResource only', async () => {
    await publish('calm');
    const { drift, calls } = await check('calm');
    expect(drift).toMatchObject({
      dashboardId: 'rfm-calm',
      findings: [],
      liveVersion: 1,
      pipelineVersion: 1,
      codeHash: dashboardDefinitionHash(rfmDashboard('EUR')),
      publishedHash: dashboardDefinitionHash(rfmDashboard('EUR')),
    });
    expect(calls).toEqual(['DescribeDashboardCommand', 'ListTagsForResourceCommand']);
    expect(calls.every(isReadOnlyCall)).toBe(true);
  });

  test('a definition changed in code and not published yet', async () => {
    await publish('ahead');
    // The team's currency changed in its environment file: the code now builds another definition.
    const { drift } = await check('ahead', 'GBP');
    expect(kinds(drift)).toEqual(['definition-changed']);
    expect(drift.findings[0]?.detail).toMatch(
      /^definition changed in code, not published: the code builds [0-9a-f]{12}…, the pipeline last published [0-9a-f]{12}…/,
    );
    // Publishing it brings the dashboard in line: version 2, recorded.
    await publish('ahead', 'GBP');
    expect((await check('ahead', 'GBP')).drift).toMatchObject({
      findings: [],
      liveVersion: 2,
      pipelineVersion: 2,
    });
  });

  test('a version published outside the pipeline, then the next publish puts the code back', async () => {
    await publish('edited');
    // What saving over the dashboard from an analysis in the console does: a new version, published.
    const { qs } = moto.client();
    const version = await qs.send(
      new UpdateDashboardCommand({
        AwsAccountId: MOTO_ACCOUNT_ID,
        DashboardId: 'rfm-edited',
        Name: 'RFM segments: edited (my changes)',
        VersionDescription: 'saved from an analysis',
      }),
    );
    const number = Number(/\/version\/(\d+)$/.exec(version.VersionArn ?? '')?.[1]);
    await qs.send(
      new UpdateDashboardPublishedVersionCommand({
        AwsAccountId: MOTO_ACCOUNT_ID,
        DashboardId: 'rfm-edited',
        VersionNumber: number,
      }),
    );
    const { drift } = await check('edited');
    expect(kinds(drift)).toEqual(['edited-outside']);
    expect(drift.findings[0]?.detail).toContain(
      `edited outside the pipeline: version ${number} is published, the pipeline published version 1`,
    );

    const healed = await publish('edited');
    expect(healed.publishedVersion).toBe(number + 1);
    expect((await check('edited')).drift.findings).toEqual([]);
  });

  test('no dashboard at all, and one that carries no record of a publish', async () => {
    expect(kinds((await check('never')).drift)).toEqual(['not-published']);

    // A dashboard made by hand (or by a publish from before the tags were recorded).
    await moto.plain().send(
      new CreateDashboardCommand({
        AwsAccountId: MOTO_ACCOUNT_ID,
        DashboardId: 'rfm-byhand',
        Name: 'RFM segments: byhand',
        Definition: { DataSetIdentifierDeclarations: [] },
      }),
    );
    const { drift } = await check('byhand');
    expect(kinds(drift)).toEqual(['unrecorded']);
    expect(drift.findings[0]?.detail).toContain(DEFINITION_HASH_TAG);
    expect(drift.findings[0]?.detail).toContain(PUBLISHED_VERSION_TAG);
  });

  test('a dashboard published before the tags existed gets them from the next publish, and nothing else', async () => {
    const first = await publish('legacy');
    await moto.plain().send(
      new UntagResourceCommand({
        ResourceArn: first.dashboardArn,
        TagKeys: [DEFINITION_HASH_TAG, PUBLISHED_VERSION_TAG],
      }),
    );
    expect(kinds((await check('legacy')).drift)).toEqual(['unrecorded']);

    const { calls } = await moto.publish('legacy', 'drift-test');
    expect(calls.filter((c) => !isReadOnlyCall(c))).toEqual(['TagResourceCommand']);
    expect((await check('legacy')).drift).toMatchObject({ findings: [], pipelineVersion: 1 });
  });
});
