/**
 * Tearing down a team's QuickSight resources against a moto server. The resources are made by
 * the real publisher first. moto 5.2.1 implements DeleteDataSource (and DescribeDataSource, which
 * shows the deletion); it has no DeleteDataSet and no DeleteDashboard, so those two are answered
 * by aws-sdk-client-mock over the same state the publisher's gap-filler keeps (test/support/
 * moto-quicksight.ts): a data set it created, or a dashboard moto describes, can be deleted once.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import {
  DeleteDashboardCommand,
  DeleteDataSetCommand,
  DeleteDataSourceCommand,
  DescribeDashboardCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-quicksight';
import { RFM_DASHBOARD } from '../../../../actions/lib/dashboards/definition.js';
import {
  deleteTeamQuickSight,
  renderQuickSightTeardown,
} from '../../../../actions/lib/dashboards/quicksight-teardown.js';
import {
  MOTO_ACCOUNT_ID,
  MOTO_REGION,
  motoQuickSightForFile,
} from '../../../support/moto-quicksight.js';

const moto = motoQuickSightForFile();
/** Dashboards the fake DeleteDashboard removed (moto keeps describing them). */
const deletedDashboards = new Set<string>();

const notFound = (what: string) =>
  new ResourceNotFoundException({ message: `${what} not found`, $metadata: {} });

/** A moto client with the publisher's gap-filler plus the two Delete calls moto lacks. */
function client() {
  const { qs, gaps } = moto.client();
  gaps.mock.on(DeleteDataSetCommand).callsFake(async (input: { DataSetId?: string }) => {
    const id = input.DataSetId ?? '';
    if (!moto.state.dataSets.delete(id)) throw notFound(`data set ${id}`);
    return { Status: 200, DataSetId: id };
  });
  gaps.mock.on(DeleteDashboardCommand).callsFake(async (input: { DashboardId?: string }) => {
    const id = input.DashboardId ?? '';
    if (deletedDashboards.has(id)) throw notFound(`dashboard ${id}`);
    await gaps.sendToMoto(
      new DescribeDashboardCommand({ AwsAccountId: MOTO_ACCOUNT_ID, DashboardId: id }),
    );
    deletedDashboards.add(id);
    return { Status: 200, DashboardId: id };
  });
  return { qs, gaps };
}

const publish = (team: string) => moto.publish(team, 'teardown-test');

const describeSource = (team: string) => moto.describeDataSource(`rfm-${team}-warehouse`);

const where = { accountId: MOTO_ACCOUNT_ID, region: MOTO_REGION };

describe('deleteTeamQuickSight (moto)', () => {
  beforeAll(async () => {
    await publish('gone');
    await publish('kept');
  }, 60_000);

  test("deletes the dashboard, then the datasets, then the data source, and only that team's", async () => {
    const { qs, gaps } = client();
    const resources = await deleteTeamQuickSight(qs, { ...where, team: 'gone' });

    expect(resources).toEqual([
      { kind: 'dashboard', id: 'rfm-gone', result: 'deleted' },
      ...RFM_DASHBOARD.datasets.map((d) => ({
        kind: 'dataSet',
        id: `rfm-gone-${d.id}`,
        result: 'deleted',
      })),
      { kind: 'dataSource', id: 'rfm-gone-warehouse', result: 'deleted' },
    ]);
    expect(gaps.callNames()).toEqual([
      'DeleteDashboardCommand',
      ...RFM_DASHBOARD.datasets.map(() => 'DeleteDataSetCommand'),
      'DeleteDataSourceCommand',
    ]);
    // DeleteDataSource went to moto: moto no longer knows the data source.
    await expect(describeSource('gone')).rejects.toThrow(/not found/i);
    // The other team keeps everything.
    await expect(describeSource('kept')).resolves.toMatchObject({
      DataSource: { DataSourceId: 'rfm-kept-warehouse' },
    });
    expect(moto.state.dataSets.has('rfm-kept-customers')).toBe(true);
    expect(deletedDashboards.has('rfm-kept')).toBe(false);
  });

  test('running it again finds nothing and says so', async () => {
    const { qs } = client();
    const resources = await deleteTeamQuickSight(qs, { ...where, team: 'gone' });
    expect(resources.map((r) => r.result)).toEqual(resources.map(() => 'absent'));
    const summary = renderQuickSightTeardown({ ...where, team: 'gone' }, resources);
    expect(summary).toContain('Nothing to delete: the team had no QuickSight resources.');
    expect(summary).toContain('| data source | `rfm-gone-warehouse` | absent |');
  });

  test('the summary lists what was deleted', () => {
    const summary = renderQuickSightTeardown({ ...where, team: 'x' }, [
      { kind: 'dashboard', id: 'rfm-x', result: 'deleted' },
      { kind: 'dataSet', id: 'rfm-x-kpis', result: 'absent' },
    ]);
    expect(summary).toContain('Deleted 1 of 2.');
    expect(summary).toContain('| dashboard | `rfm-x` | deleted |');
    expect(summary).toContain('| dataset | `rfm-x-kpis` | absent |');
  });
});

test('any other failure stops the teardown, naming the call, the resource and what to do', async () => {
  const { qs, gaps } = client();
  const denied = Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' });
  gaps.mock.on(DeleteDashboardCommand).rejects(denied);
  await expect(deleteTeamQuickSight(qs, { ...where, team: 'kept' })).rejects.toThrow(
    /^QuickSight DeleteDashboard for rfm-kept in account 123456789012 \(eu-west-1\) failed: AccessDeniedException: not allowed; the credentials lack/,
  );
  expect(gaps.callNames()).toEqual(['DeleteDashboardCommand']);
  expect(gaps.mock.commandCalls(DeleteDataSourceCommand)).toEqual([]);
});
