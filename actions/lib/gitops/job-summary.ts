/**
 * Job summaries of the GitOps workflows: which teams a change touches, which teams expire, and the
 * pull request's local preview run (`workshop run` on sample data).
 */
import { scanCsv } from '../csv/scan-csv.js';
import { z } from 'zod';
import type { TeamChanges } from './changed-teams.js';
import type { ExpiryMode, ExpiryStatus } from './expiry.js';

const int = new Intl.NumberFormat('en-US');

/** The changed-teams step: what is planned or deployed, what is torn down, and why. */
export function renderChangedTeams(
  changes: TeamChanges,
  expired: readonly ExpiryStatus[] = [],
  more: {
    /** Teams left alone, e.g. because a newer commit is already deployed. */
    readonly skipped?: readonly { readonly team: string; readonly why: string }[];
    /** Whether the bootstrap stack is applied first (deploy workflow only). */
    readonly bootstrap?: { readonly apply: boolean; readonly because: readonly string[] };
  } = {},
): string {
  const rows = [
    ...changes.deploy.map((t) => `| \`${t}\` | plan / deploy | ${reasons(changes, t)} |`),
    ...changes.teardown.map((t) => `| \`${t}\` | tear down | ${reasons(changes, t)} |`),
    ...expired.map(
      (s) =>
        `| \`${s.team}\` | skipped | expired on ${s.expires}, torn down from ${day(s.teardownAt)} |`,
    ),
    ...(more.skipped ?? []).map((s) => `| \`${s.team}\` | skipped | ${s.why} |`),
  ];
  const bootstrap =
    more.bootstrap === undefined || !more.bootstrap.apply
      ? []
      : [`The bootstrap stack is applied first: ${more.bootstrap.because.join('; ')}.`, ''];
  if (rows.length === 0) {
    return ['## Changed teams', '', 'No team is affected by this change.', '', ...bootstrap].join(
      '\n',
    );
  }
  return [
    '## Changed teams',
    '',
    '| team | action | why |',
    '| --- | --- | --- |',
    ...rows,
    '',
    ...bootstrap,
  ].join('\n');
}

const reasons = (changes: TeamChanges, team: string): string =>
  (changes.reasons[team] ?? []).join('; ');

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** The expiry run: the teams it destroys (or would, on a dry run) and those expiring soon. */
export function renderExpiry(
  statuses: readonly ExpiryStatus[],
  mode: ExpiryMode,
  graceDays: number,
): string {
  const expired = statuses.filter((s) => s.state === 'expired');
  const grace = statuses.filter((s) => s.state === 'grace');
  const verb = mode.dryRun ? 'would be destroyed (dry run)' : 'are destroyed';
  const lines = [
    '## Expired environments',
    '',
    `${mode.dryRun ? 'Dry run' : 'Destroying'}: ${mode.why}. Grace period: ${graceDays} day${graceDays === 1 ? '' : 's'} after \`expires\`.`,
    '',
  ];
  if (expired.length === 0) {
    lines.push('No team has passed its expiry date and grace period.', '');
  } else {
    lines.push(
      `These teams ${verb}:`,
      '',
      '| team | expires | torn down from |',
      '| --- | --- | --- |',
      ...expired.map((s) => `| \`${s.team}\` | ${s.expires} | ${day(s.teardownAt)} |`),
      '',
    );
  }
  if (grace.length > 0) {
    lines.push(
      'In their grace period (extend `expires` by pull request to keep them):',
      '',
      '| team | expires | torn down from | days left |',
      '| --- | --- | --- | ---: |',
      ...grace.map(
        (s) => `| \`${s.team}\` | ${s.expires} | ${day(s.teardownAt)} | ${s.daysToTeardown} |`,
      ),
      '',
    );
  }
  return lines.join('\n');
}

const runJson = z.object({
  team: z.string(),
  model_version: z.number(),
  k: z.number(),
  timings_ms: z.record(z.string(), z.number()),
  rows: z.object({
    load: z.array(
      z.object({
        table: z.string(),
        rowsIn: z.number(),
        rowsLoaded: z.number(),
        rowsRejected: z.number(),
      }),
    ),
    customers: z.number(),
  }),
});

const modelJson = z.object({
  k: z.number(),
  msd: z.number(),
  sizes: z.array(z.number()),
  centroids: z.array(z.array(z.number())),
  feature_names: z.array(z.string()),
  /** Absent on versions registered before the scaling was stored. */
  scaling: z.object({ scaling: z.string() }).optional(),
  clusters: z.array(z.object({ name: z.string(), centroid_real: z.array(z.number()) })).optional(),
});

/** The files `workshop run` writes to its output folder, as text. */
export interface PreviewFiles {
  /** `run.json`. */
  readonly run: string;
  /** `model.json`. */
  readonly model: string;
  /** `segments.csv`. */
  readonly segments: string;
}

function parseJson<T>(schema: z.ZodType<T>, text: string, file: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `${file}: not JSON (${(e as Error).message}); pass the file workshop run wrote`,
    );
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${file}: ${issue?.path.join('.') || 'top level'}: ${issue?.message}; pass the file workshop run wrote`,
    );
  }
  return parsed.data;
}

/** Customers per value of `column` in segments.csv (RFC 4180: cluster names hold commas). */
export function countByColumn(csv: string, column: string): Map<string, number> {
  const records: { fields: string[]; line: number }[] = [];
  scanCsv(
    csv,
    (r) => records.push(r),
    (e) => {
      throw new Error(`segments.csv line ${e.line}: ${e.reason}; pass the file workshop run wrote`);
    },
  );
  const header = records[0]?.fields ?? [''];
  const index = header.indexOf(column);
  if (index < 0)
    throw new Error(`segments.csv has no column "${column}" (columns: ${header.join(', ')})`);
  const counts = new Map<string, number>();
  for (const { fields, line } of records.slice(1)) {
    if (fields.length !== header.length) {
      throw new Error(
        `segments.csv line ${line}: ${fields.length} fields, expected ${header.length}`,
      );
    }
    const value = fields[index] ?? '';
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

/** The unit of each clustered feature, as the centroids in real units are given. */
const UNITS: Readonly<Record<string, string>> = {
  recency: 'recency in days',
  frequency: 'frequency in purchases',
  monetary: 'monetary as average order value',
};

const share = (n: number, total: number): string =>
  total === 0 ? '–' : `${((100 * n) / total).toFixed(1)}%`;

/**
 * The preview's job summary: what was loaded, the model, customers per segment and per cluster,
 * and where the dashboard and its screenshot are.
 */
export function renderPreview(
  files: PreviewFiles,
  links: { readonly artifactUrl?: string; readonly screenshot?: boolean } = {},
): string {
  const run = parseJson(runJson, files.run, 'run.json');
  const model = parseJson(modelJson, files.model, 'model.json');
  const segments = [...countByColumn(files.segments, 'segment')].sort((a, b) => b[1] - a[1]);
  const total = run.rows.customers;
  const artifact =
    links.artifactUrl === undefined
      ? 'the workflow run'
      : `[the preview artifact](${links.artifactUrl})`;
  const attached =
    links.screenshot === true ? '`dashboard.html` and `dashboard.png`' : '`dashboard.html`';
  return [
    `## Local preview of \`${run.team}\``,
    '',
    `The whole pipeline ran on generated sample data with the local backend in ${((run.timings_ms.total ?? 0) / 1000).toFixed(1)} s. ${attached} (with \`segments.csv\`, \`model.json\`, \`run.json\`) are in ${artifact}.`,
    '',
    '| table | rows in | loaded | rejected |',
    '| --- | ---: | ---: | ---: |',
    ...run.rows.load.map(
      (l) =>
        `| ${l.table} | ${int.format(l.rowsIn)} | ${int.format(l.rowsLoaded)} | ${int.format(l.rowsRejected)} |`,
    ),
    '',
    `### Segments (${int.format(total)} customers)`,
    '',
    '| segment | customers | share |',
    '| --- | ---: | ---: |',
    ...segments.map(([s, n]) => `| ${s} | ${int.format(n)} | ${share(n, total)} |`),
    '',
    `### KMeans v${run.model_version}: k = ${model.k}${model.scaling === undefined ? '' : `, ${model.scaling.scaling} scaling`}, msd ${model.msd.toPrecision(4)}`,
    '',
    ...(model.clusters === undefined
      ? [
          `| cluster | customers | share | ${model.feature_names.join(' | ')} |`,
          `| --- | ---: | ---: | ${model.feature_names.map(() => '---:').join(' | ')} |`,
          ...model.centroids.map((c, i) => {
            const n = model.sizes[i] ?? 0;
            return `| ${i} | ${int.format(n)} | ${share(n, total)} | ${c.map((x) => x.toFixed(3)).join(' | ')} |`;
          }),
        ]
      : [
          `Centroids in real units: ${model.feature_names.map((f) => UNITS[f] ?? f).join(', ')}.`,
          '',
          `| cluster | name | customers | share | ${model.feature_names.join(' | ')} |`,
          `| --- | --- | ---: | ---: | ${model.feature_names.map(() => '---:').join(' | ')} |`,
          ...model.clusters.map((c, i) => {
            const n = model.sizes[i] ?? 0;
            return `| ${i} | ${c.name} | ${int.format(n)} | ${share(n, total)} | ${c.centroid_real.map((x) => x.toFixed(2)).join(' | ')} |`;
          }),
        ]),
    '',
  ].join('\n');
}
