import { classifyChanges } from '../../../../actions/lib/gitops/changed-teams.js';
import { expiryMode, expiryStatus } from '../../../../actions/lib/gitops/expiry.js';
import {
  countByColumn,
  renderChangedTeams,
  renderExpiry,
  renderPreview,
} from '../../../../actions/lib/gitops/job-summary.js';
import { sampleModelRecord } from '../../../support/model-record.js';

const HEADER =
  'customer_unique_id,recency_days,frequency,monetary,total_spend,recency_n,frequency_n,monetary_n,r_score,f_score,m_score,segment,cluster,distance';
const row = (id: string, segment: string, cluster: number): string =>
  `${id},10,1,99.5,99.5,0.1,0,0.2,5,1,3,${segment},${cluster},0.05`;

const preview = {
  run: JSON.stringify({
    team: 'acme',
    backend: 'local',
    model_version: 2,
    k: 2,
    timings_ms: { load: 1200, train: 800, total: 4321 },
    rows: {
      load: [
        { table: 'customers', file: 'c.csv', rowsIn: 4, rowsLoaded: 4, rowsRejected: 0 },
        { table: 'orders', file: 'o.csv', rowsIn: 5, rowsLoaded: 4, rowsRejected: 1 },
      ],
      customers: 4,
    },
  }),
  model: JSON.stringify({
    version: 2,
    ...sampleModelRecord({
      centroids: [
        [0.5, 0.1, 0.2],
        [3.25, 0, 0.125],
      ],
      msd: 0.123456,
      n: 4,
      sizes: [3, 1],
    }),
  }),
  segments: [
    HEADER,
    row('a', 'champions', 0),
    row('b', 'champions', 0),
    row('c', 'hibernating', 1),
    row('d', 'champions', 0),
    '',
  ].join('\n'),
};

describe('renderPreview', () => {
  test('loads, segments by size, clusters with their centroids, and where the files are', () => {
    const md = renderPreview(preview, { artifactUrl: 'https://art/1', screenshot: true });
    expect(md).toContain('## Local preview of `acme`');
    expect(md).toContain('in 4.3 s. `dashboard.html` and `dashboard.png`');
    expect(md).toContain('[the preview artifact](https://art/1)');
    expect(md).toContain('| orders | 5 | 4 | 1 |');
    expect(md).toContain('### Segments (4 customers)');
    expect(md.indexOf('| champions | 3 | 75.0% |')).toBeLessThan(
      md.indexOf('| hibernating | 1 | 25.0% |'),
    );
    expect(md).toContain('### KMeans v2: k = 2, msd 0.1235');
    expect(md).toContain('| cluster | customers | share | recency_n | frequency_n | monetary_n |');
    expect(md).toContain('| 1 | 1 | 25.0% | 3.250 | 0.000 | 0.125 |');
  });

  test('named clusters with their centroids in real units, the scaling in the heading', () => {
    const named = JSON.stringify({
      ...JSON.parse(preview.model),
      feature_names: ['recency', 'frequency', 'monetary'],
      scaling: { scaling: 'log-standard', features: [] },
      clusters: [
        { name: 'recent, frequent, high spend', centroid_real: [12.5, 3.2, 250], profile: [] },
        { name: 'lapsed, one-off, low spend', centroid_real: [400, 1, 20.125], profile: [] },
      ],
    });
    const md = renderPreview({ ...preview, model: named });
    expect(md).toContain('### KMeans v2: k = 2, log-standard scaling, msd 0.1235');
    expect(md).toContain(
      'Centroids in real units: recency in days, frequency in purchases, monetary as average order value.',
    );
    expect(md).toContain('| 1 | lapsed, one-off, low spend | 1 | 25.0% | 400.00 | 1.00 | 20.13 |');
  });

  test('without a screenshot or artifact link it says what there is', () => {
    const md = renderPreview(preview);
    expect(md).toContain('`dashboard.html` (with `segments.csv`');
    expect(md).toContain('are in the workflow run.');
  });

  test('a file that is not what workshop run writes is named', () => {
    expect(() => renderPreview({ ...preview, model: '{"k": 2}' })).toThrow(
      /^model\.json: msd: .*pass the file workshop run wrote$/,
    );
    expect(() => renderPreview({ ...preview, run: 'not json' })).toThrow(/^run\.json: not JSON/);
  });
});

describe('countByColumn', () => {
  test('reads quoted fields: cluster names hold commas', () => {
    const csv =
      'id,cluster_name,segment\na,"recent, one-off",x\nb,"lapsed, ""old""",x\nc,"recent, one-off",y\n';
    expect(countByColumn(csv, 'cluster_name')).toEqual(
      new Map([
        ['recent, one-off', 2],
        ['lapsed, "old"', 1],
      ]),
    );
    expect(countByColumn(csv, 'segment')).toEqual(
      new Map([
        ['x', 2],
        ['y', 1],
      ]),
    );
  });
  test('a row with the wrong number of fields is reported with its line', () => {
    expect(() => countByColumn(`${HEADER}\na,b\n`, 'segment')).toThrow(
      'segments.csv line 2: 2 fields, expected 14',
    );
    expect(() => countByColumn(HEADER, 'nope')).toThrow(/no column "nope"/);
  });
});

test('renderChangedTeams: deployed, torn down and skipped teams with their reasons', () => {
  const changes = classifyChanges(
    [
      { status: 'M', path: 'environments/acme.yaml' },
      { status: 'D', path: 'environments/gone.yaml' },
    ],
    ['acme', 'old'],
  );
  const expired = [expiryStatus({ team: 'old', expires: '2020-01-31' }, new Date('2021-01-01'), 7)];
  const md = renderChangedTeams(changes, expired);
  expect(md).toContain('| `acme` | plan / deploy | environments/acme.yaml changed |');
  expect(md).toContain('| `gone` | tear down | environments/gone.yaml deleted |');
  expect(md).toContain('| `old` | skipped | expired on 2020-01-31, torn down from 2020-02-08 |');
  expect(renderChangedTeams(classifyChanges([], []))).toContain('No team is affected');
});

test('renderExpiry: what is destroyed, and who is in the grace period', () => {
  const now = new Date('2027-04-03T00:00:00Z');
  const statuses = [
    expiryStatus({ team: 'acme', expires: '2027-03-31' }, now, 7),
    expiryStatus({ team: 'old', expires: '2027-01-01' }, now, 7),
    expiryStatus({ team: 'fresh', expires: '2028-01-01' }, now, 7),
  ];
  const dry = renderExpiry(statuses, expiryMode('workflow_dispatch', 'true'), 7);
  expect(dry).toContain('These teams would be destroyed (dry run):');
  expect(dry).toContain('| `old` | 2027-01-01 | 2027-01-09 |');
  expect(dry).toContain('| `acme` | 2027-03-31 | 2027-04-08 | 5 |');
  expect(dry).not.toContain('`fresh`');
  const real = renderExpiry(statuses.slice(2), expiryMode('schedule', ''), 7);
  expect(real).toContain('Destroying: scheduled run.');
  expect(real).toContain('No team has passed its expiry date and grace period.');
});
