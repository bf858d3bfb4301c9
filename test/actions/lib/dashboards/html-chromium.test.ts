/**
 * The HTML rendering in real headless Chromium (Debian's package, driven by playwright-core), on
 * the Olist-shaped sample and on the banking sample. Each team runs `workshop run` twice, at an
 * earlier as-of date and then at the default one, so the segment migration has two snapshots;
 * the second run writes the screenshot. The page is opened with every request that would leave
 * the machine blocked and recorded.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { loadEnvironmentFile } from '../../../../contracts/environment/load.js';
import type { Environment } from '../../../../contracts/environment/schema.js';
import { datasetQuery } from '../../../../actions/lib/dashboards/data.js';
import { RFM_DASHBOARD } from '../../../../actions/lib/dashboards/definition.js';
import { formatNumber } from '../../../../actions/lib/dashboards/format.js';
import { BEFORE, NOW, segmentName } from '../../../../actions/lib/dashboards/rfm-segments.js';
import { visitPage } from '../../../../actions/lib/dashboards/screenshot.js';
import { allVisuals, type NumberFormat } from '../../../../actions/lib/dashboards/types.js';
import { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';
import { runWorkshop, type RunResult } from '../../../../actions/lib/pipeline/run.js';
import { ensureChromium, ENSURE_TIMEOUT_MS } from '../../../support/chromium.js';
import { REPO_ROOT } from '../../../support/warehouse.js';

interface Team {
  readonly name: string;
  readonly envFile: string;
  readonly earlierAsOf: string;
  readonly currency: string;
  readonly sampleOrders: number;
}

const TEAMS: readonly Team[] = [
  {
    name: 'the Olist-shaped sample',
    envFile: join(REPO_ROOT, 'environments', 'retail-bank.yaml'),
    earlierAsOf: '2018-03-01',
    currency: 'BRL',
    sampleOrders: 3000,
  },
  {
    name: 'the banking sample',
    envFile: join(REPO_ROOT, 'examples', 'environments', 'demo-bank.yaml'),
    earlierAsOf: '2024-06-01',
    currency: 'EUR',
    sampleOrders: 3000,
  },
];

let chromiumPath: string;

beforeAll(async () => {
  chromiumPath = await ensureChromium();
}, ENSURE_TIMEOUT_MS);

/** What one card of the page shows, read in the browser. */
interface CardView {
  id: string | undefined;
  kind: string | undefined;
  empty: boolean;
  shapes: number;
  area: number;
  /** Data points of every series of the card's chart (for a sankey: its flows). */
  points: number[];
  kpi: string | null;
  rows: number;
}

describe.each(TEAMS)('the dashboard page of $name in headless Chromium', (team) => {
  let env: Environment;
  let first: RunResult;
  let result: RunResult;
  let wh: DuckDbWarehouse;
  let stateRoot: string;
  /** The publish test closes the warehouse: the CLI opens the same file. */
  let closed = false;

  beforeAll(async () => {
    const loaded = await loadEnvironmentFile(team.envFile);
    // The second run takes the default as-of date: the day after the latest purchase.
    env = { ...loaded, asOf: undefined, model: { ...loaded.model, k: 4 as const } };
    stateRoot = await mkdtemp(join(tmpdir(), 'dashboard-html-'));
    const run = (asOf: string | undefined, screenshot: boolean) =>
      runWorkshop({
        root: REPO_ROOT,
        stateRoot,
        env: asOf === undefined ? env : { ...env, asOf },
        sampleOrders: team.sampleOrders,
        screenshot,
        log: () => undefined,
      });
    first = await run(team.earlierAsOf, false);
    result = await run(undefined, true);
    wh = await DuckDbWarehouse.open(join(stateRoot, '.workshop', env.team, 'warehouse.duckdb'));
  }, 240_000);

  afterAll(async () => {
    if (!closed) await wh?.close();
    if (stateRoot !== undefined) await rm(stateRoot, { recursive: true, force: true });
  });

  const one = async (sql: string): Promise<number> => {
    const [row] = await wh.query<{ v: unknown }>(sql);
    return Number(row?.v);
  };

  test('the two runs scored two as-of dates', () => {
    expect(first.dashboard.asOfDate).toBe(team.earlierAsOf);
    expect(result.dashboard.asOfDate > team.earlierAsOf).toBe(true);
  });

  test('workshop run --screenshot writes dashboard.png next to dashboard.html', async () => {
    expect(result.files.screenshot).toBe(join(dirname(result.files.dashboard), 'dashboard.png'));
    const png = await readFile(result.files.screenshot!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1440); // width in the IHDR chunk
    expect(png.readUInt32BE(20)).toBeGreaterThan(3000); // full page: all four sheets
  });

  test('every visual draws data, and no request leaves the page', async () => {
    const visit = await visitPage(
      result.files.dashboard,
      (page) =>
        page.$$eval('[data-visual]', (cards) =>
          cards.map((card): CardView => {
            const el = card as HTMLElement;
            const svg = el.querySelector('svg');
            const box = svg?.getBoundingClientRect();
            const chartEl = el.querySelector('.chart');
            const echarts = (window as unknown as { echarts: EChartsGlobal }).echarts;
            const option =
              chartEl === null ? undefined : echarts.getInstanceByDom(chartEl)?.getOption();
            return {
              id: el.dataset.visual,
              kind: el.dataset.kind,
              empty: el.querySelector('[data-empty]') !== null,
              shapes: svg?.querySelectorAll('path, rect, circle, text').length ?? 0,
              area: box === undefined ? 0 : box.width * box.height,
              points: (option?.series ?? []).map((s) => (s.links ?? s.data ?? []).length),
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
    expect(visit.result.length).toBeGreaterThanOrEqual(8);
    const money = new RegExp(`^${team.currency} [\\d,.]+[KMB]?$`);
    for (const v of visit.result) {
      expect([v.id, v.empty]).toEqual([v.id, false]);
      if (v.kind === 'kpi') expect([v.id, v.kpi]).toEqual([v.id, expect.stringMatching(/\d/)]);
      else if (v.kind === 'table') expect([v.id, v.rows]).toEqual([v.id, expect.any(Number)]);
      else {
        expect([v.id, v.area > 10_000, v.shapes > 10]).toEqual([v.id, true, true]);
        expect([v.id, v.points.length > 0 && v.points.every((n) => n > 0)]).toEqual([v.id, true]);
      }
      if (v.kind === 'table') expect([v.id, v.rows > 0]).toEqual([v.id, true]);
      if (v.id === 'kpi-revenue' || v.id?.startsWith('kpi-clv')) expect(v.kpi).toMatch(money);
    }
  });

  test('the KPI numbers are the warehouse numbers, money in the team currency', async () => {
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
    const before = 'where purchase_date < (select as_of_date from public.rfm_as_of)';
    const orders = await one(`select count(*) as v from public.eligible_transactions ${before}`);
    const revenue = await one(
      `select sum(amount) as v from public.eligible_transactions ${before}`,
    );
    const clv = 'from public.customer_clv';
    const expected: Record<string, [number, NumberFormat]> = {
      'kpi-customers': [await one('select count(*) as v from public.customer_segments'), 'integer'],
      'kpi-orders': [orders, 'integer'],
      'kpi-revenue': [revenue, 'currency-compact'],
      'kpi-aov': [revenue / orders, 'currency'],
      'kpi-clv-total': [await one(`select sum(clv) as v ${clv}`), 'currency-compact'],
      'kpi-clv-average': [await one(`select avg(clv) as v ${clv}`), 'currency'],
    };
    expect(visit.result.map((k) => k.id)).toEqual(Object.keys(expected));
    for (const kpi of visit.result) {
      const [value, format] = expected[kpi.id ?? '']!;
      expect(kpi.value).toBeCloseTo(value, 2);
      expect(kpi.text).toBe(formatNumber(value, format, team.currency));
    }
    const html = await readFile(result.files.dashboard, 'utf8');
    expect(html).toContain(`amounts in ${team.currency}`);
    expect(html).toContain(`revenue (${team.currency})`);
    expect(html).not.toContain(team.currency === 'BRL' ? '(EUR)' : '(BRL)');
  });

  test('all ten segments are listed, empty ones with 0, with what they mean and what to do', async () => {
    const visit = await visitPage(
      result.files.dashboard,
      (page) =>
        page.$$eval('#segment-table tbody tr, #segment-guide tbody tr', (rows) =>
          rows.map((r) => Array.from((r as HTMLTableRowElement).cells, (c) => c.textContent ?? '')),
        ),
      { chromiumPath },
    );
    const counts = await wh.query<{ segment: string; n: unknown }>(
      'select segment, count(*) as n from public.customer_features group by segment',
    );
    const table = visit.result.slice(0, 10);
    const guide = visit.result.slice(10);
    expect(table.map((r) => r[0])).toEqual(guide.map((r) => r[0]));
    expect(table).toHaveLength(10);
    for (const row of table) {
      const stored = counts.find((c) => segmentName(c.segment) === row[0]);
      expect([row[0], row[1]]).toEqual([row[0], formatNumber(Number(stored?.n ?? 0), 'integer')]);
    }
    for (const row of guide) expect(row.every((cell) => cell.length > 2)).toBe(true);
  });

  test('the migration: the page draws the flows the warehouse counts between the two snapshots', async () => {
    const flows = await wh.query<{ from_segment: string; to_segment: string; n: unknown }>(
      `select
         coalesce(p.segment, '(new)') as from_segment,
         coalesce(c.segment, '(gone)') as to_segment,
         count(*) as n
       from (select * from public.segment_snapshots
             where as_of_date = cast('${team.earlierAsOf}' as date)) as p
       full outer join (select * from public.segment_snapshots
             where as_of_date = cast('${result.dashboard.asOfDate}' as date)) as c
         on p.customer_unique_id = c.customer_unique_id
       group by 1, 2`,
    );
    const visit = await visitPage(
      result.files.dashboard,
      (page) =>
        page.evaluate(() => {
          const el = document.getElementById('segment-migration-chart');
          const echarts = (window as unknown as { echarts: EChartsGlobal }).echarts;
          const option = el === null ? undefined : echarts.getInstanceByDom(el)?.getOption();
          return {
            links: option?.series?.[0]?.links ?? [],
            subtitle: document.querySelector('[data-visual="segment-migration"] .subtitle')
              ?.textContent,
          };
        }),
      { chromiumPath },
    );
    const label = (segment: string, suffix: string) =>
      segment.startsWith('(') ? undefined : `${segmentName(segment)}${suffix}`;
    const drawn = new Map(visit.result.links.map((l) => [`${l.source} → ${l.target}`, l.value]));
    let customers = 0;
    for (const f of flows) {
      const from = label(f.from_segment, BEFORE) ?? `Not yet a customer${BEFORE}`;
      const to = label(f.to_segment, NOW) ?? `No longer a customer${NOW}`;
      expect([from, to, drawn.get(`${from} → ${to}`)]).toEqual([from, to, Number(f.n)]);
      customers += Number(f.n);
    }
    expect(drawn.size).toBe(flows.length);
    expect(customers).toBe(result.dashboard.kpis.customers);
    expect(visit.result.subtitle).toContain(
      `as of ${team.earlierAsOf} on the left, ${result.dashboard.asOfDate} on the right`,
    );
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
        await page.selectOption('#customer-table-filter-segment_name', segmentName(pick!.segment));
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
      expect(row[1]).toBe(segmentName(pick!.segment));
      expect(row[2]).toBe(pick!.cluster_name);
    }
    // Money cells without the code: the header names the currency.
    expect(visit.result.rows[0]?.[6]).toBe(formatNumber(top, 'currency'));
  });

  test('each dataset query returns exactly its declared columns, typed as declared', async () => {
    for (const dataset of RFM_DASHBOARD.datasets) {
      const rows = await wh.query(`${datasetQuery(dataset)}\nlimit 1`);
      expect([dataset.id, rows.length]).toEqual([dataset.id, 1]);
      const row = rows[0];
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

  test('workshop publish (local) rewrites the same page from the team warehouse', async () => {
    await wh.close();
    closed = true;
    const envDir = join(stateRoot, 'environments');
    await mkdir(envDir, { recursive: true });
    await copyFile(team.envFile, join(envDir, `${env.team}.yaml`));
    const out = join(stateRoot, 'published');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        join(REPO_ROOT, 'actions', 'workshop.ts'),
        'publish',
        '--team',
        env.team,
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

test('a request that tries to leave the page is blocked and reported', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dashboard-leak-'));
  const page = join(dir, 'leaky.html');
  await writeFile(
    page,
    `<!doctype html><body><img src="http://127.0.0.1:9/pixel.png">
<script>fetch('https://example.invalid/data.json').catch(() => {}).finally(() => {
  document.body.dataset.ready = 'true';
});</script></body>`,
  );
  try {
    const visit = await visitPage(page, async () => undefined, { chromiumPath });
    expect(visit.blockedRequests).toEqual(
      expect.arrayContaining(['http://127.0.0.1:9/pixel.png', 'https://example.invalid/data.json']),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** The part of the page's `echarts` global the tests read. */
interface EChartsGlobal {
  getInstanceByDom(el: Element):
    | {
        getOption(): {
          series?: {
            data?: unknown[];
            links?: { source: string; target: string; value: number }[];
          }[];
        };
      }
    | undefined;
}
