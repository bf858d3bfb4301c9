/**
 * The page reads only the rows it embeds of the per-customer dataset (a scatter's sample, each
 * table selection's top rows) and lets the engine count the rest: every visual must come out
 * exactly as from the whole dataset. A sample larger than the scatter's 4,000 points and the
 * table's 100 rows per selection makes both cuts bite.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetRows } from '../../../../actions/lib/dashboards/aggregate.js';
import { readDataset } from '../../../../actions/lib/dashboards/data.js';
import { RFM_DASHBOARD } from '../../../../actions/lib/dashboards/definition.js';
import { partialReaders } from '../../../../actions/lib/dashboards/page-rows.js';
import { visualData } from '../../../../actions/lib/dashboards/visual-data.js';
import { openTeamBackend, type TeamBackend } from '../../../../actions/lib/pipeline/backend.js';
import { runWorkshop } from '../../../../actions/lib/pipeline/run.js';
import { exampleEnvironment, TEST_RUN } from '../../../support/backend.js';
import { REPO_ROOT } from '../../../support/warehouse.js';

/**
 * Numbers to 12 significant digits: DuckDB sums doubles in parallel, so two reads of the same
 * aggregate can differ in the last bits.
 */
const rounded = (value: unknown): unknown =>
  typeof value === 'number'
    ? Number(value.toPrecision(12))
    : Array.isArray(value)
      ? value.map(rounded)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]))
        : value;

let stateRoot: string;
let backend: TeamBackend;
const whole: Record<string, DatasetRows> = {};
const forPage: Record<string, DatasetRows> = {};

beforeAll(async () => {
  stateRoot = await mkdtemp(join(tmpdir(), 'page-rows-'));
  const env = await exampleEnvironment();
  await runWorkshop({ root: REPO_ROOT, stateRoot, env, sampleOrders: 6000, log: () => undefined });
  backend = await openTeamBackend({ env, backend: 'local', stateRoot, run: TEST_RUN });
  for (const dataset of RFM_DASHBOARD.datasets) {
    whole[dataset.id] = await readDataset(backend.wh, dataset);
    forPage[dataset.id] = await readDataset(backend.wh, dataset, RFM_DASHBOARD);
  }
}, 240_000);

afterAll(async () => {
  await backend?.close();
  await rm(stateRoot, { recursive: true, force: true });
});

describe('the per-customer dataset, read for the page', () => {
  test('is read in part: only scatters and tables read it', () => {
    expect(
      partialReaders(RFM_DASHBOARD, 'customers')
        ?.map((v) => v.kind)
        .sort(),
    ).toEqual(['scatter', 'table']);
    expect(partialReaders(RFM_DASHBOARD, 'segments')).toBeUndefined();
    const customers = whole.customers!.rows.length;
    expect(customers).toBeGreaterThan(4000);
    expect(forPage.customers!.partial?.total).toBe(customers);
    expect(forPage.customers!.rows.length).toBeLessThan(customers);
  });

  test('every visual is what the whole dataset gives', () => {
    const fromWhole = visualData(RFM_DASHBOARD, whole);
    const fromPart = visualData(RFM_DASHBOARD, forPage);
    expect(Object.keys(fromPart).sort()).toEqual(Object.keys(fromWhole).sort());
    for (const id of Object.keys(fromWhole)) {
      expect(rounded({ id, ...fromPart[id] })).toEqual(rounded({ id, ...fromWhole[id] }));
    }
  });

  test('datasets another kind of visual reads are read whole; the rest count every row', () => {
    for (const { id } of RFM_DASHBOARD.datasets) {
      if (partialReaders(RFM_DASHBOARD, id) === undefined) {
        expect(rounded(forPage[id])).toEqual(rounded(whole[id]));
      } else {
        expect({ id, total: forPage[id]!.partial?.total }).toEqual({
          id,
          total: whole[id]!.rows.length,
        });
      }
    }
  });
});
