/**
 * Failures moto cannot produce (denied calls, failed versions and ingestions, stuck resources),
 * with aws-sdk-client-mock standing in for QuickSight.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import {
  AccessDeniedException,
  CreateDashboardCommand,
  DescribeDashboardCommand,
  DescribeIngestionCommand,
  QuickSightClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-quicksight';
import { mockClient } from 'aws-sdk-client-mock';
import type { QuickSightContext } from '../../../../actions/lib/dashboards/quicksight-call.js';
import {
  dashboardInput,
  ensureDashboard,
  versionNumberOf,
} from '../../../../actions/lib/dashboards/quicksight-dashboard.js';
import { waitForIngestion } from '../../../../actions/lib/dashboards/quicksight-datasets.js';
import { fakeClock } from '../../../support/fake-clock.js';

const client = new QuickSightClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const qs = mockClient(client);
beforeEach(() => {
  qs.reset();
});

const context = (clock = fakeClock()): QuickSightContext => ({
  client,
  accountId: '123456789012',
  region: 'eu-west-1',
  timeoutMs: 60_000,
  clock,
  random: () => 0.5,
  log: () => undefined,
});
const input = (ctx: QuickSightContext) =>
  dashboardInput(
    ctx,
    'rfm-acme',
    'RFM segments: acme',
    { DataSetIdentifierDeclarations: [] },
    'arn:group',
  );
const INGESTION = { Arn: 'arn:ingestion', CreatedTime: new Date(0) };
const notFound = new ResourceNotFoundException({ message: 'no dashboard', $metadata: {} });

describe('QuickSight failures', () => {
  test('a denied call names the operation, the resource, the account and what to do', async () => {
    qs.on(DescribeDashboardCommand).rejects(notFound);
    qs.on(CreateDashboardCommand).rejects(
      new AccessDeniedException({ message: 'not authorized', $metadata: {} }),
    );
    const ctx = context();
    await expect(ensureDashboard(ctx, input(ctx), 'acme', 'f'.repeat(64))).rejects.toThrow(
      'QuickSight CreateDashboard for rfm-acme in account 123456789012 (eu-west-1) failed: ' +
        'AccessDeniedException: not authorized; the credentials lack this QuickSight permission',
    );
  });

  test("a dashboard version that fails to build reports QuickSight's errors", async () => {
    qs.on(DescribeDashboardCommand)
      .rejectsOnce(notFound)
      .resolves({
        Dashboard: {
          Version: {
            VersionNumber: 1,
            Status: 'CREATION_FAILED',
            Errors: [
              {
                Type: 'COLUMN_TYPE_MISMATCH',
                Message: 'segment is not numeric',
                ViolatedEntities: [{ Path: 'sheet/overview/visual/segments' }],
              },
            ],
          },
        },
      });
    qs.on(CreateDashboardCommand).resolves({
      Arn: 'arn:dashboard',
      VersionArn: 'arn:aws:quicksight:eu-west-1:123456789012:dashboard/rfm-acme/version/1',
      CreationStatus: 'CREATION_IN_PROGRESS',
    });
    const ctx = context();
    await expect(ensureDashboard(ctx, input(ctx), 'acme', 'f'.repeat(64))).rejects.toThrow(
      'QuickSight dashboard rfm-acme version 1 failed: COLUMN_TYPE_MISMATCH: segment is not numeric at sheet/overview/visual/segments',
    );
  });

  test('a dashboard that never finishes building times out after the bound, backing off', async () => {
    qs.on(DescribeDashboardCommand)
      .rejectsOnce(notFound)
      .resolves({ Dashboard: { Version: { VersionNumber: 1, Status: 'CREATION_IN_PROGRESS' } } });
    qs.on(CreateDashboardCommand).resolves({
      VersionArn: 'arn:aws:quicksight:eu-west-1:123456789012:dashboard/rfm-acme/version/1',
    });
    const clock = fakeClock();
    const ctx = context(clock);
    await expect(ensureDashboard(ctx, input(ctx), 'acme', 'f'.repeat(64))).rejects.toThrow(
      /QuickSight dashboard rfm-acme version 1 did not finish within 60 s/,
    );
    expect(clock.now()).toBe(60_000);
    expect(clock.slept[1]!).toBeGreaterThan(clock.slept[0]!);
    expect(Math.max(...clock.slept)).toBeLessThanOrEqual(20_000);
  });

  test('a failed SPICE ingestion fails the publish with its reason', async () => {
    qs.on(DescribeIngestionCommand)
      .resolvesOnce({ Ingestion: { ...INGESTION, IngestionStatus: 'RUNNING' } })
      .resolves({
        Ingestion: {
          ...INGESTION,
          IngestionStatus: 'FAILED',
          ErrorInfo: {
            Type: 'SQL_TABLE_NOT_FOUND',
            Message: 'relation "dashboard_kpis" does not exist',
          },
        },
      });
    await expect(
      waitForIngestion(context(), {
        dataSetId: 'rfm-acme-kpis',
        ingestionId: 'run-1-rfm-acme-kpis',
      }),
    ).rejects.toThrow(
      'SPICE ingestion run-1-rfm-acme-kpis of dataset rfm-acme-kpis failed: SQL_TABLE_NOT_FOUND: ' +
        'relation "dashboard_kpis" does not exist; check that the view exists in the warehouse',
    );
  });

  test('version numbers come from version ARNs', () => {
    expect(versionNumberOf('arn:aws:quicksight:eu-west-1:1:dashboard/d/version/12')).toBe(12);
    expect(versionNumberOf(1)).toBeUndefined();
    expect(versionNumberOf(undefined)).toBeUndefined();
  });
});
