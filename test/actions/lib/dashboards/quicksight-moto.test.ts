/**
 * The publisher against a real moto server. moto 5.2.1 implements CreateDataSource, CreateDataSet,
 * CreateDashboard, ListDashboards, DescribeDashboard, DescribeDataSource, UpdateDataSource,
 * CreateIngestion and the tag calls; its ISO-string timestamps are turned into epoch seconds by a
 * deserialize middleware (test/support/moto-quicksight.ts), since SDK v3 rejects them. What moto
 * lacks (DescribeDataSet, UpdateDataSet, DescribeIngestion, UpdateDashboard,
 * UpdateDashboardPublishedVersion, Update*Permissions) is answered by aws-sdk-client-mock.
 */
import { describe, expect, test } from '@jest/globals';
import {
  CreateDashboardCommand,
  ListDashboardsCommand,
  ListTagsForResourceCommand,
  UpdateDashboardCommand,
} from '@aws-sdk/client-quicksight';
import { checkQuickSightDefinition } from '../../../../actions/lib/dashboards/check-quicksight.js';
import { dashboardDefinitionHash } from '../../../../actions/lib/dashboards/definition-hash.js';
import { RFM_DASHBOARD, rfmDashboard } from '../../../../actions/lib/dashboards/definition.js';
import {
  DEFINITION_HASH_TAG,
  groupArn,
  HASH_TAG,
  MODEL_VERSION_TAG,
  PUBLISHED_VERSION_TAG,
} from '../../../../actions/lib/dashboards/quicksight-names.js';
import {
  publishQuickSight,
  type PublishOptions,
  type QuickSightTarget,
} from '../../../../actions/lib/dashboards/quicksight.js';
import { fakeClock } from '../../../support/fake-clock.js';
import {
  isReadOnlyCall,
  MOTO_ACCOUNT_ID,
  MOTO_REGION,
  motoQuickSightForFile,
  MOTO_SECRET_ARN,
  motoTarget,
} from '../../../support/moto-quicksight.js';

const moto = motoQuickSightForFile();

const options = (extra: Partial<PublishOptions> = {}): PublishOptions => ({
  clock: fakeClock(),
  random: () => 0,
  runId: 'test-run',
  ...extra,
});

/** Publishes with a fresh client whose calls are recorded; returns the report and the calls. */
async function publish(t: QuickSightTarget, extra: Partial<PublishOptions> = {}) {
  const { qs, gaps } = moto.client();
  const report = await publishQuickSight(qs, t, options(extra));
  return { report, gaps, calls: gaps.callNames() };
}

const mutating = (calls: readonly string[]) => calls.filter((c) => !isReadOnlyCall(c));

describe('publishing to QuickSight (moto)', () => {
  test('the first publish creates the data source, the SPICE datasets and the dashboard', async () => {
    const { report, gaps, calls } = await publish(motoTarget('acme'), { modelVersion: 1 });

    expect(mutating(calls)).toEqual([
      'CreateDataSourceCommand',
      ...RFM_DASHBOARD.datasets.map(() => 'CreateDataSetCommand'),
      'CreateDashboardCommand',
      // The definition hash and the published version, for the drift check.
      'TagResourceCommand',
    ]);
    expect(report).toMatchObject({
      dashboardId: 'rfm-acme',
      url: `https://${MOTO_REGION}.quicksight.aws.amazon.com/sn/dashboards/rfm-acme`,
      publishedVersion: 1,
      changed: true,
    });

    const plain = moto.plain();
    const listed = await plain.send(new ListDashboardsCommand({ AwsAccountId: MOTO_ACCOUNT_ID }));
    expect(listed.DashboardSummaryList).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ DashboardId: 'rfm-acme', Name: 'RFM segments: acme' }),
      ]),
    );
    const source = await moto.describeDataSource('rfm-acme-warehouse');
    expect(source.DataSource).toMatchObject({
      Type: 'REDSHIFT',
      DataSourceParameters: {
        RedshiftParameters: { ClusterId: 'acme-warehouse', Database: 'rfm' },
      },
    });
    const customers = gaps.state.dataSets.get('rfm-acme-customers');
    expect(customers?.input).toMatchObject({
      ImportMode: 'SPICE',
      PhysicalTableMap: { customers: { CustomSql: { DataSourceArn: source.DataSource?.Arn } } },
    });
    const tags = await plain.send(new ListTagsForResourceCommand({ ResourceArn: customers?.arn }));
    expect(tags.Tags).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Key: HASH_TAG }),
        { Key: MODEL_VERSION_TAG, Value: '1' },
      ]),
    );
    const dashboardTags = await plain.send(
      new ListTagsForResourceCommand({ ResourceArn: report.dashboardArn }),
    );
    expect(dashboardTags.Tags).toEqual(
      expect.arrayContaining([
        { Key: DEFINITION_HASH_TAG, Value: dashboardDefinitionHash(rfmDashboard('EUR')) },
        { Key: PUBLISHED_VERSION_TAG, Value: '1' },
      ]),
    );

    // The dashboard moto received declares the datasets moto created, and is consistent.
    const sent = gaps.mock.commandCalls(CreateDashboardCommand)[0]?.args[0].input;
    const declared = sent?.Definition?.DataSetIdentifierDeclarations ?? [];
    expect(Object.fromEntries(declared.map((d) => [d.Identifier, d.DataSetArn]))).toEqual(
      Object.fromEntries(
        [...gaps.state.dataSets].map(([id, d]) => [id.replace('rfm-acme-', ''), d.arn]),
      ),
    );
    expect(
      checkQuickSightDefinition(
        sent?.Definition ?? { DataSetIdentifierDeclarations: [] },
        Object.fromEntries(RFM_DASHBOARD.datasets.map((d) => [d.id, d.columns])),
      ),
    ).toEqual([]);
    // The marketer's visuals, with money in the team's currency (EUR for this target).
    const kinds = (sent?.Definition?.Sheets ?? []).flatMap((s) =>
      (s.Visuals ?? []).map((v) => Object.keys(v)[0]),
    );
    expect(kinds).toEqual(
      expect.arrayContaining([
        'TreeMapVisual',
        'SankeyDiagramVisual',
        'HeatMapVisual',
        'TableVisual',
        'BarChartVisual',
        'ScatterPlotVisual',
      ]),
    );
    expect(kinds.length).toBeGreaterThanOrEqual(8);
    const symbols = [...JSON.stringify(sent?.Definition).matchAll(/"Symbol":"([A-Z]{3})"/g)];
    expect(new Set(symbols.map((m) => m[1]))).toEqual(new Set(['EUR']));
    // The datasets the new visuals read are SPICE datasets over the segment views.
    const migration = gaps.state.dataSets.get('rfm-acme-migration');
    expect(
      JSON.stringify(migration?.input.PhysicalTableMap?.migration?.CustomSql?.SqlQuery),
    ).toContain('public.segment_migration');
  });

  test('another currency changes the dashboard only: the datasets stay as they are', async () => {
    await publish(motoTarget('money'), { modelVersion: 1 });
    const { report, gaps, calls } = await publish(motoTarget('money', { currency: 'GBP' }), {
      modelVersion: 1,
    });
    // The dashboard's permissions are set again with every new definition.
    expect(mutating(calls)).toEqual([
      'UpdateDashboardCommand',
      'UpdateDashboardPublishedVersionCommand',
      'UpdateDashboardPermissionsCommand',
      'TagResourceCommand',
    ]);
    expect(report.publishedVersion).toBe(2);
    const sent = gaps.mock.commandCalls(UpdateDashboardCommand)[0]?.args[0].input;
    expect(JSON.stringify(sent?.Definition)).toContain('"Symbol":"GBP"');
    expect(JSON.stringify(sent?.Definition)).not.toContain('"Symbol":"EUR"');
  });

  test('publishing an unchanged definition again makes no mutating call', async () => {
    await publish(motoTarget('noop'), { modelVersion: 3 });
    const { report, calls } = await publish(motoTarget('noop'), { modelVersion: 3 });

    expect(calls.length).toBeGreaterThan(0);
    expect(mutating(calls)).toEqual([]);
    expect(report.changed).toBe(false);
    expect(new Set(report.changes.map((c) => c.action))).toEqual(new Set(['unchanged']));
  });

  test('a new model version refreshes every SPICE dataset and nothing else', async () => {
    await publish(motoTarget('retrain'), { modelVersion: 1 });
    const { report, calls } = await publish(motoTarget('retrain'), { modelVersion: 2 });

    const n = RFM_DASHBOARD.datasets.length;
    expect(mutating(calls).sort()).toEqual(
      [...Array(n).fill('CreateIngestionCommand'), ...Array(n).fill('TagResourceCommand')].sort(),
    );
    expect(report.changes.filter((c) => c.action === 'completed')).toHaveLength(n);
    expect(calls.filter((c) => c === 'DescribeIngestionCommand')).toHaveLength(n);

    const again = await publish(motoTarget('retrain'), { modelVersion: 2 });
    expect(mutating(again.calls)).toEqual([]);
  });

  test('a changed definition updates every resource and publishes the new dashboard version', async () => {
    await publish(motoTarget('change'), { modelVersion: 1 });
    const newGroup = groupArn(MOTO_REGION, MOTO_ACCOUNT_ID, 'analysts-change');
    const { report, gaps, calls } = await publish(motoTarget('change', { groupArn: newGroup }), {
      modelVersion: 1,
    });

    const n = RFM_DASHBOARD.datasets.length;
    expect(mutating(calls)).toEqual([
      'UpdateDataSourceCommand',
      'UpdateDataSourcePermissionsCommand',
      'TagResourceCommand',
      ...Array.from({ length: n }, () => [
        'UpdateDataSetCommand',
        'UpdateDataSetPermissionsCommand',
        'TagResourceCommand',
      ]).flat(),
      'UpdateDashboardCommand',
      'UpdateDashboardPublishedVersionCommand',
      'UpdateDashboardPermissionsCommand',
      'TagResourceCommand',
    ]);
    expect(report.publishedVersion).toBe(2);
    expect(report.changes.find((c) => c.resource === 'dashboard')).toMatchObject({
      action: 'updated',
      detail: 'version 1 → 2',
    });
    expect(gaps.state.grants.get('rfm-change')?.[0]?.Principal).toBe(newGroup);

    const again = await publish(motoTarget('change', { groupArn: newGroup }), { modelVersion: 1 });
    expect(mutating(again.calls)).toEqual([]);
    expect(again.report.publishedVersion).toBe(2);
  });

  test('Redshift Serverless is reached by host and port, through the VPC connection', async () => {
    const vpc = `arn:aws:quicksight:${MOTO_REGION}:${MOTO_ACCOUNT_ID}:vpcConnection/workshop-sls`;
    await publish(
      motoTarget('sls', {
        redshift: {
          endpoint: {
            host: 'sls.123456789012.eu-west-1.redshift-serverless.amazonaws.com',
            port: 5439,
          },
          database: 'rfm',
          secretArn: MOTO_SECRET_ARN,
          vpcConnectionArn: vpc,
        },
      }),
    );
    const source = await moto.describeDataSource('rfm-sls-warehouse');
    expect(source.DataSource).toMatchObject({
      DataSourceParameters: {
        RedshiftParameters: {
          Host: 'sls.123456789012.eu-west-1.redshift-serverless.amazonaws.com',
          Port: 5439,
          Database: 'rfm',
        },
      },
      VpcConnectionProperties: { VpcConnectionArn: vpc },
    });
  });
});
