/**
 * The HTML rendering in real headless Chromium (Debian's package, driven by playwright-core):
 * `workshop run --screenshot` on a small sample, then the page opened with every request that
 * would leave the machine blocked and recorded.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { loadEnvironmentFile } from '../../../../contracts/environment/load.js';
import { datasetQuery } from '../../../../actions/lib/dashboards/data.js';
import { RFM_DASHBOARD } from '../../../../actions/lib/dashboards/definition.js';
import { formatNumber } from '../../../../actions/lib/dashboards/format.js';
import { visitPage } from '../../../../actions/lib/dashboards/screenshot.js';
import { allVisuals } from '../../../../actions/lib/dashboards/types.js';
import { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';
import { runWorkshop, type RunResult } from '../../../../actions/lib/pipeline/run.js';
import { ensureChromium, ENSURE_TIMEOUT_MS } from '../../../support/chromium.js';
import { REPO_ROOT } from '../../../support/warehouse.js';

let chromiumPath: string;
let result: RunResult;
let wh: DuckDbWarehouse;
let stateRoot: string;
/** The publish test closes the warehouse: the CLI opens the same file. */
let closed = false;

beforeAll(async () => {
  chromiumPath = await ensureChromium();
  const env = await loadEnvironmentFile(join(REPO_ROOT, 'environments', 'retail-bank.yaml'));
  stateRoot = await mkdtemp(join(tmpdir(), 'dashboard-html-'));
  result = await runWorkshop({
    root: REPO_ROOT,
    stateRoot,
    env: { ...env, model: { ...env.model, k: 4 as const } },
    sampleOrders: 3000,
    screenshot: true,
    log: () => undefined,
  });
  wh = await DuckDbWarehouse.open(join(stateRoot, '.workshop', env.team, 'warehouse.duckdb'));
}, ENSURE_TIMEOUT_MS + 120_000);

afterAll(async () => {
  if (!closed) await wh?.close();
  if (stateRoot !== undefined) await rm(stateRoot, { recursive: true, force: true });
});

const one = async (sql: string): Promise<number> => {
  const [row] = await wh.query<{ v: unknown }>(sql);
  return Number(row?.v);
};

describe('the dashboard page in headless Chromium', () => {
  test('workshop run --screenshot writes dashboard.png next to dashboard.html', async () => {
    expect(result.files.screenshot).toBe(join(dirname(result.files.dashboard), 'dashboard.png'));
    const png = await readFile(result.files.screenshot!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1440); // width in the IHDR chunk
    expect(png.readUInt32BE(20)).toBeGreaterThan(1200); // full page: both sheets
  });

  test('every visual renders something, and no request leaves the page', async () => {
    const visit = await visitPage(
      result.files.dashboard,
      (page) =>
        page.$$eval('[data-visual]', (cards) =>
          cards.map((card) => {
            const el = card as HTMLElement;
            const svg = el.querySelector('svg');
            const box = svg?.getBoundingClientRect();
            return {
              id: el.dataset.visual,
              kind: el.dataset.kind,
              shapes: svg?.querySelectorAll('path, rect, circle, text').length ?? 0,
              area: box === undefined ? 0 : box.width * box.height,
              kpi: el.querySelector('[data-kpi]')?.textContent ?? null,
              rows: el.querySelectorAll('tbody tr').length,
            };
          }),
        ),
      { chromiumPath },
    );
    expect(visit.blockedRequests).toEqual([]);
    expect(visit.pageErrors).toEqual([]);
    expect(visit.result.map((v) => v.id)).toEqual(allVisuals(RFM_DASHBOARD).map((v) => v.id));
    for (const v of visit.result) {
      if (v.kind === 'kpi') expect(v.kpi).toMatch(/^v?[\d,.]+$/);
      else if (v.kind === 'table') expect(v.rows).toBeGreaterThan(0);
      else {
        expect(v.area).toBeGreaterThan(10_000);
        expect(v.shapes).toBeGreaterThan(10);
      }
    }
  });

  test('the KPI numbers are the warehouse numbers', async () => {
    const visit = await visitPage(
      result.files.dashboard,
      (page) =>
        page.$$eval('[data-kpi]', (els) =>
          els.map((e) => ({
            id: (e as HTMLElement).dataset.kpi,
            value: Number((e as HTMLElement).dataset.value),
            text: e.textContent,
          })),
        ),
      { chromiumPath },
    );
    const orders = await one('select count(*) as v from public.eligible_transactions');
    const revenue = await one('select sum(amount) as v from public.eligible_transactions');
    const expected: Record<string, [number, 'integer' | 'currency' | 'version']> = {
      'kpi-customers': [await one('select count(*) as v from public.customer_segments'), 'integer'],
      'kpi-orders': [orders, 'integer'],
      'kpi-revenue': [revenue, 'integer'],
      'kpi-aov': [revenue / orders, 'currency'],
      'kpi-model': [
        await one('select model_version as v from public.segment_models where is_active'),
        'version',
      ],
      'kpi-k': [await one('select k as v from public.segment_models where is_active'), 'integer'],
    };
    expect(visit.result.map((k) => k.id)).toEqual(Object.keys(expected));
    for (const kpi of visit.result) {
      const [value, format] = expected[kpi.id ?? '']!;
      expect(kpi.value).toBeCloseTo(value, 6);
      expect(kpi.text).toBe(formatNumber(value, format));
    }
    expect(visit.result.find((k) => k.id === 'kpi-k')?.value).toBe(4);
  });

  test('the customers table filters by segment and cluster, highest total spend first', async () => {
    const [pick] = await wh.query<{
      segment: string;
      cluster: number;
      cluster_name: string;
      n: number;
    }>(
      `select segment, cluster, cluster_name, count(*) as n from public.customer_segments
       group by segment, cluster, cluster_name order by count(*) desc, segment limit 1`,
    );
    // Clusters are shown by their generated names, not their ids.
    expect(pick!.cluster_name).not.toMatch(/^cluster \d/);
    const top = await one(
      `select max(total_spend) as v from public.customer_segments
       where segment = '${pick!.segment}' and cluster = ${pick!.cluster}`,
    );
    const visit = await visitPage(
      result.files.dashboard,
      async (page) => {
        await page.selectOption('#customer-table-filter-segment', pick!.segment);
        await page.selectOption('#customer-table-filter-cluster_name', pick!.cluster_name);
        return page.$eval('#customer-table', (table) => ({
          note: document.getElementById('customer-table-note')?.textContent,
          rows: Array.from((table as HTMLTableElement).tBodies[0]!.rows, (r) =>
            Array.from(r.cells, (c) => c.textContent ?? ''),
          ),
        }));
      },
      { chromiumPath },
    );
    const n = Number(pick!.n);
    expect(visit.result.note).toBe(
      `Showing ${Math.min(n, 100)} of ${n.toLocaleString('en-US')} matching customers.`,
    );
    expect(visit.result.rows).toHaveLength(Math.min(n, 100));
    for (const row of visit.result.rows) {
      expect(row[1]).toBe(pick!.segment);
      expect(row[2]).toBe(pick!.cluster_name);
    }
    expect(visit.result.rows[0]?.[6]).toBe(formatNumber(top, 'currency'));
  });

  test('each dataset query returns exactly its declared columns, typed as declared', async () => {
    for (const dataset of RFM_DASHBOARD.datasets) {
      const [row] = await wh.query(`${datasetQuery(dataset)}\nlimit 1`);
      expect(Object.keys(row ?? {})).toEqual(dataset.columns.map((c) => c.name));
      for (const column of dataset.columns) {
        const value = row?.[column.name];
        if (value === null) continue;
        const expected = {
          STRING: 'string',
          INTEGER: 'number',
          DECIMAL: 'number',
          DATETIME: 'object',
        };
        expect([dataset.id, column.name, typeof value]).toEqual([
          dataset.id,
          column.name,
          expected[column.type],
        ]);
      }
    }
  });

  test('a request that tries to leave the page is blocked and reported', async () => {
    const page = join(stateRoot, 'leaky.html');
    await writeFile(
      page,
      `<!doctype html><body><img src="http://127.0.0.1:9/pixel.png">
<script>fetch('https://example.invalid/data.json').catch(() => {}).finally(() => {
  document.body.dataset.ready = 'true';
});</script></body>`,
    );
    const visit = await visitPage(page, async () => undefined, { chromiumPath });
    expect(visit.blockedRequests).toEqual(
      expect.arrayContaining(['http://127.0.0.1:9/pixel.png', 'https://example.invalid/data.json']),
    );
  });

  test('workshop publish (local) rewrites the same page from the team warehouse', async () => {
    await wh.close();
    closed = true;
    await mkdir(join(stateRoot, 'environments'), { recursive: true });
    await copyFile(
      join(REPO_ROOT, 'environments', 'retail-bank.yaml'),
      join(stateRoot, 'environments', 'retail-bank.yaml'),
    );
    const out = join(stateRoot, 'published');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        join(REPO_ROOT, 'actions', 'workshop.ts'),
        'publish',
        '--out',
        out,
      ],
      { cwd: stateRoot, timeout: 60_000 },
    );
    expect(stdout.trim()).toBe(join(out, 'dashboard.html'));
    expect(await readFile(join(out, 'dashboard.html'), 'utf8')).toBe(
      await readFile(result.files.dashboard, 'utf8'),
    );
  });
});
