import type { KMeansSample } from '../kmeans.js';
import type { MigrationCount } from '../migrations.js';
import type { PeerSample } from '../peer.js';
import type { SynthSample } from '../synth.js';
import type { RunSample } from '../workshop-run.js';
import { formatSeconds, summarize } from './stats.js';

const STAGES = [
  'open',
  'migrate',
  'load',
  'features',
  'checks',
  'train',
  'score',
  'dashboard',
  'total',
];

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

/** Per backend, size and start: median (min–max) of each stage, process wall and peak RSS. */
export function runTable(samples: readonly RunSample[]): string {
  const groups = new Map<string, RunSample[]>();
  for (const s of samples) {
    const key = `${s.backend}|${s.orders}|${s.start}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const rows = [...groups.values()].map((g) => {
    const first = g[0] as RunSample;
    const ok = g.filter((s) => s.ok);
    const label = [first.backend, first.orders.toLocaleString('en-US'), first.start];
    if (ok.length === 0)
      return [...label, `failed: ${first.failure ?? '?'}`, ...STAGES.map(() => ''), ''];
    const stage = (name: string) =>
      formatSeconds(summarize(ok.map((s) => s.stagesMs?.[name] ?? NaN)));
    return [
      ...label,
      formatSeconds(summarize(ok.map((s) => s.wallMs))),
      ...STAGES.map(stage),
      `${Math.round(Math.max(...ok.map((s) => s.maxRssMiB)))} MiB`,
    ];
  });
  return table(['backend', 'orders', 'start', 'process wall', ...STAGES, 'peak RSS'], rows);
}

/** Time and inertia of each implementation, relative to the best of scipy's. */
export function kmeansTable(samples: readonly KMeansSample[]): string {
  const scipy = samples.filter(
    (s) => s.implementation.startsWith('scipy') && Number.isFinite(s.inertia),
  );
  const bestInertia = Math.min(...scipy.map((s) => s.inertia));
  const fastestScipy = Math.min(...scipy.map((s) => s.timeMs.median));
  return table(
    [
      'implementation',
      'time (median, range)',
      'time / fastest scipy',
      'inertia',
      'inertia / best scipy',
    ],
    samples.map((s) => [
      s.implementation,
      s.note ?? formatSeconds(s.timeMs),
      (s.timeMs.median / fastestScipy).toFixed(2),
      s.inertia.toFixed(3),
      (s.inertia / bestInertia).toFixed(6),
    ]),
  );
}

export function synthTable(samples: readonly SynthSample[]): string {
  const one = samples[0]?.wallMs.median ?? NaN;
  return table(
    ['teams', 'wall (median, range)', 'vs 1 team', 'peak RSS'],
    samples.map((s) => [
      String(s.teams),
      formatSeconds(s.wallMs),
      (s.wallMs.median / one).toFixed(2),
      `${Math.round(s.maxRssMiB)} MiB`,
    ]),
  );
}

export function migrationTable(counts: readonly MigrationCount[]): string {
  return table(
    ['run', 'files applied', 'round trips', 'transactions', 'statements sent'],
    counts.map((c) => [
      c.run,
      String(c.applied),
      String(c.roundTrips),
      String(c.transactions),
      String(c.statements),
    ]),
  );
}

/**
 * Per size: our process wall and the peer's, median (min–max), the ratio of each interleaved pair
 * (median, min–max), peak RSS, and our stages beside the peer's.
 */
export function peerTable(samples: readonly PeerSample[]): string {
  const sizes = [...new Set(samples.map((s) => s.orders))];
  const ratio = (xs: readonly number[]): string => {
    const r = summarize(xs);
    return r.runs.length === 1
      ? r.median.toFixed(2)
      : `${r.median.toFixed(2)} (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
  };
  const stages = (stage: Readonly<Record<string, number>>): string =>
    Object.entries(stage)
      .filter(([name]) => name !== 'total')
      .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)}`)
      .join(', ');
  return table(
    [
      'orders',
      'workshop run',
      'peer',
      'ours / peer',
      'peak RSS ours / peer',
      'our stages (s)',
      'peer stages (s)',
    ],
    sizes.map((orders) => {
      const g = samples.filter((s) => s.orders === orders);
      const last = g[g.length - 1] as PeerSample;
      return [
        orders.toLocaleString('en-US'),
        formatSeconds(summarize(g.map((s) => s.oursMs))),
        formatSeconds(summarize(g.map((s) => s.peerMs))),
        ratio(g.map((s) => s.ratio)),
        `${Math.round(Math.max(...g.map((s) => s.oursRssMiB)))} / ${Math.round(Math.max(...g.map((s) => s.peerRssMiB)))} MiB`,
        stages(last.oursStagesMs),
        stages(last.peerStagesMs),
      ];
    }),
  );
}
