/**
 * The holdout check in the page, in real headless Chromium, on the public CDNOW sample: the
 * validation step loads the transactions, fits weeks 1–39 and counts weeks 40–78
 * (clv-validation.json), `workshop run` afterwards (the same data, kept, and as-of date) shows it
 * after the lifetime-value sheet, and the numbers the page draws are the file's. A run of other
 * data or at another as-of date leaves it out, and a Gamma-Gamma warning is shown when the check
 * carries one.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../../../contracts/environment/load.js';
import type { Environment } from '../../../../contracts/environment/schema.js';
import { checkSpendIndependence } from '../../../../actions/lib/clv/holdout.js';
import type { ClvValidation, HoldoutCheck } from '../../../../actions/lib/clv/model.js';
import { rfmDashboard } from '../../../../actions/lib/dashboards/definition.js';
import { visitPage } from '../../../../actions/lib/dashboards/screenshot.js';
import { renderDashboardHtml } from '../../../../actions/lib/dashboards/to-html.js';
import { openTeamBackend, type TeamBackend } from '../../../../actions/lib/pipeline/backend.js';
import {
  CLV_VALIDATION_FILE,
  writeClvValidation,
} from '../../../../actions/lib/clv/validation-file.js';
import { clvValidationStep, publishStep } from '../../../../actions/lib/pipeline/steps.js';
import { runWorkshop, type RunResult } from '../../../../actions/lib/pipeline/run.js';
import { sqlDirs } from '../../../../actions/lib/pipeline/sql-dirs.js';
import { ensureChromium, ENSURE_TIMEOUT_MS } from '../../../support/chromium.js';
import { REPO_ROOT } from '../../../support/warehouse.js';

const ENV_FILE = join(REPO_ROOT, 'examples', 'environments', 'cdnow.yaml');
const TRANSACTIONS = join(REPO_ROOT, 'test', 'fixtures', 'cdnow', 'cdnow_transactions.csv');
const HOLDOUT_END = '1998-07-01';

let chromiumPath: string;
let stateRoot: string;
let env: Environment;
let validationFile: string;
let validation: ClvValidation;
let result: RunResult;
const logged: string[] = [];

const run = (overrides: Partial<Parameters<typeof runWorkshop>[0]>) =>
  runWorkshop({
    root: REPO_ROOT,
    stateRoot,
    env,
    log: (line) => logged.push(line),
    ...overrides,
  });

/** Runs `use` on the team's local backend, opened as run `runId` does, and closes it. */
async function withTeamBackend<T>(runId: string, use: (backend: TeamBackend) => Promise<T>) {
  const backend = await openTeamBackend({
    env,
    backend: 'local',
    stateRoot,
    run: { commit: 'test', runId },
  });
  try {
    return await use(backend);
  } finally {
    await backend.close();
  }
}

beforeAll(async () => {
  chromiumPath = await ensureChromium();
}, ENSURE_TIMEOUT_MS);

beforeAll(async () => {
  env = await loadEnvironmentFile(ENV_FILE);
  env = { ...env, model: { ...env.model, k: 4 as const } };
  stateRoot = await mkdtemp(join(tmpdir(), 'clv-validation-page-'));
  validation = await withTeamBackend('clv-validation-page', (backend) =>
    clvValidationStep(backend, sqlDirs(REPO_ROOT), {
      dataPath: TRANSACTIONS,
      holdoutEnd: HOLDOUT_END,
    }),
  );
  validationFile = await writeClvValidation(join(stateRoot, 'out', env.team), validation);
  // No --data: the run fits what the validation loaded (the team's own files are kept).
  result = await run({});
}, 240_000);

afterAll(async () => {
  if (stateRoot !== undefined) await rm(stateRoot, { recursive: true, force: true });
});

/** What the holdout section shows, read in the browser. */
interface SectionView {
  /** Section ids in page order. */
  sections: string[];
  description: string | null;
  warnings: string[];
  header: string[];
  rows: string[][];
  series: { name: string; values: number[] }[];
  categories: unknown[];
  shapes: number;
  area: number;
}

async function readSection(page: string): Promise<SectionView> {
  const visit = await visitPage(
    page,
    (p) =>
      p.evaluate(() => {
        const cells = (row: Element) =>
          Array.from((row as HTMLTableRowElement).cells, (c) => c.textContent ?? '');
        const chartEl = document.getElementById('clv-holdout-chart');
        const svg = chartEl?.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        const echarts = (window as unknown as { echarts: EChartsGlobal }).echarts;
        const option =
          chartEl === null ? undefined : echarts.getInstanceByDom(chartEl)?.getOption();
        return {
          sections: Array.from(document.querySelectorAll('section.sheet'), (s) => s.id),
          description:
            document.querySelector('#sheet-clv-validation .description')?.textContent ?? null,
          warnings: Array.from(
            document.querySelectorAll('[data-clv-warning]'),
            (w) => w.textContent ?? '',
          ),
          header: Array.from(
            document.querySelectorAll('#clv-holdout-table thead th'),
            (th) => th.textContent ?? '',
          ),
          rows: Array.from(
            document.querySelectorAll('#clv-holdout-table tbody tr, #clv-holdout-table tfoot tr'),
            cells,
          ),
          series: (option?.series ?? []).map((s) => ({
            name: s.name ?? '',
            values: (s.data ?? []).map((d) => d.value),
          })),
          categories: option?.xAxis?.[0]?.data ?? [],
          shapes: svg?.querySelectorAll('path, rect').length ?? 0,
          area: box === undefined ? 0 : box.width * box.height,
        };
      }),
    { chromiumPath },
  );
  expect(visit.blockedRequests).toEqual([]);
  expect(visit.pageErrors).toEqual([]);
  return visit.result;
}

/** A page cell's number: `1,411` and `317.6` as written. */
const cellNumber = (text: string | undefined): number => Number((text ?? '').replace(/,/g, ''));

describe('the holdout check of the CDNOW sample, weeks 40–78', () => {
  test('the run validated is the run shown: same window and data fingerprint', () => {
    expect(result.clv.windowEnd).toBe('1997-09-30');
    expect(result.clv.dataFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.clv.dataFingerprint).toBe(validation.dataFingerprint);
    expect(result.clvValidation?.holdout).toEqual(validation.holdout);
    expect(logged.some((l) => l.includes(`shown in the page`) && l.includes(validationFile))).toBe(
      true,
    );
    // The totals the issue and README give for this sample.
    expect(validation.holdout.actual).toBe(1882);
    expect(validation.holdout.predicted).toBeCloseTo(1653.4, 1);
    expect([validation.holdout.firstDay, validation.holdout.lastDay]).toEqual([
      '1997-10-01',
      '1998-06-30',
    ]);
  });

  test('the page shows the file’s table, period and warnings after the lifetime-value sheet', async () => {
    const file = JSON.parse(await readFile(validationFile, 'utf8')) as ClvValidation;
    const view = await readSection(result.files.dashboard);
    const at = view.sections.indexOf('sheet-clv-validation');
    expect(view.sections[at - 1]).toBe('sheet-value');
    expect(view.description).toContain(`up to ${file.windowEnd}`);
    expect(view.description).toContain(
      `from ${file.holdout.firstDay} to ${file.holdout.lastDay} (39.0 weeks)`,
    );
    expect(view.header).toEqual([
      `repeat purchases up to ${file.windowEnd}`,
      'customers',
      'actual',
      'predicted',
    ]);
    const expected = [...file.holdout.byFrequency, { frequency: 'total', ...file.holdout }].map(
      (r) => [r.frequency, r.customers, r.actual, r.predicted] as const,
    );
    expect(view.rows.map((r) => r[0])).toEqual(expected.map((r) => r[0]));
    expect(view.rows.map((r) => r[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+', 'total']);
    view.rows.forEach((row, i) => {
      const [label, customers, actual, predicted] = expected[i]!;
      expect([label, cellNumber(row[1]), cellNumber(row[2])]).toEqual([label, customers, actual]);
      expect(Math.abs(cellNumber(row[3]) - predicted)).toBeLessThanOrEqual(0.05 + 1e-9);
    });
    // CDNOW's spend hardly depends on frequency: no Gamma-Gamma warning, the fit's others shown.
    expect(file.spendIndependence.violated).toBe(false);
    expect(view.warnings).toEqual(file.warnings);
    expect(view.warnings.join(' ')).not.toContain('Gamma-Gamma assumes');
  });

  test('the chart draws actual and predicted repeat purchases for every group', async () => {
    const file = JSON.parse(await readFile(validationFile, 'utf8')) as ClvValidation;
    const view = await readSection(result.files.dashboard);
    const rows = file.holdout.byFrequency;
    expect(view.categories).toEqual(rows.map((r) => r.frequency));
    expect(view.series.map((s) => s.name)).toEqual(['actual', 'predicted']);
    const [actual, predicted] = view.series;
    rows.forEach((r, i) => {
      expect(actual!.values[i]).toBeCloseTo(r.actual, 1);
      expect(predicted!.values[i]).toBeCloseTo(r.predicted, 1);
    });
    // Drawn: a bar per group and series, on a chart of real size.
    expect(view.area).toBeGreaterThan(10_000);
    expect(view.shapes).toBeGreaterThanOrEqual(2 * rows.length);
  });

  test('a Gamma-Gamma warning in the check is shown above the table', async () => {
    // Spend rising with frequency: the independence check's own warning.
    const customers = Array.from({ length: 40 }, (_, i) => ({
      x: 1 + (i % 8),
      meanRepeatValue: 10 + 5 * (i % 8) + (i % 3),
    }));
    const independence = checkSpendIndependence(customers);
    expect(independence.violated).toBe(true);
    const check: HoldoutCheck = { ...validation, warnings: [independence.warning!] };
    const page = join(stateRoot, 'warning.html');
    await writeFile(
      page,
      await renderDashboardHtml(result.dashboard, rfmDashboard(result.dashboard.currency), {
        clvValidation: check,
      }),
    );
    const view = await readSection(page);
    expect(view.warnings).toEqual([independence.warning]);
    expect(view.warnings[0]).toContain('Gamma-Gamma assumes spend is independent');
  });
});

describe('workshop publish (local)', () => {
  test('rewrites the same page, holdout check included, from the team warehouse', async () => {
    const before = await readFile(result.files.dashboard, 'utf8');
    expect(before).toContain('id="sheet-clv-validation"');
    const published = await withTeamBackend('clv-validation-publish', (backend) =>
      publishStep(backend, { outDir: result.outDir }),
    );
    expect(published.clvValidation?.holdout).toEqual(validation.holdout);
    expect(await readFile(result.files.dashboard, 'utf8')).toBe(before);
  });
});

describe('a check of another fit is not shown as current', () => {
  /** A run into its own out folder, holding a copy of the check. */
  const runBeside = async (name: string, overrides: Partial<Parameters<typeof runWorkshop>[0]>) => {
    const outDir = join(stateRoot, name);
    await mkdir(outDir, { recursive: true });
    await copyFile(validationFile, join(outDir, CLV_VALIDATION_FILE));
    logged.length = 0;
    const other = await run({ outDir, ...overrides });
    return { other, view: await readSection(other.files.dashboard), log: logged.join('\n') };
  };

  test('at another as-of date', async () => {
    const { other, view, log } = await runBeside('later', {
      env: { ...env, asOf: '1997-11-01' },
      dataDir: TRANSACTIONS,
    });
    expect(other.clv.windowEnd).toBe('1997-10-31');
    expect(other.clvValidation).toBeUndefined();
    expect(view.sections).not.toContain('sheet-clv-validation');
    expect(log).toContain("window ends 1997-09-30, the warehouse's ends 1997-10-31");
  }, 180_000);

  test('on other data with the same window', async () => {
    // The same transactions without one customer's.
    const lines = (await readFile(TRANSACTIONS, 'utf8')).trimEnd().split('\n');
    const dropped = lines[1]!.split(',')[0]!;
    const data = join(stateRoot, 'fewer.csv');
    await writeFile(data, `${lines.filter((l) => l.split(',')[0] !== dropped).join('\n')}\n`);
    const { other, view, log } = await runBeside('fewer', { dataDir: data });
    expect(other.clv.windowEnd).toBe(validation.windowEnd);
    expect(other.clv.dataFingerprint).not.toBe(validation.dataFingerprint);
    expect(view.sections).not.toContain('sheet-clv-validation');
    expect(log).toContain('checks a fit of other data');
  }, 180_000);
});

/** The part of the page's `echarts` global the tests read. */
interface EChartsGlobal {
  getInstanceByDom(el: Element):
    | {
        getOption(): {
          series?: { name?: string; data?: { value: number }[] }[];
          xAxis?: { data?: unknown[] }[];
        };
      }
    | undefined;
}
