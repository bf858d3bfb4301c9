/**
 * `workshop load` of a generated banking sample (source.format: transactions, mapped as
 * examples/environments/demo-bank.yaml) into a fresh DuckDB file: wall time, CPU time (user +
 * system, steadier on a shared machine) and peak RSS of the process, per size. `--root` takes a
 * tree with an older build's dist/ to compare with; the data is generated once by this one.
 *
 *   npm run build && npx tsx bench/load-transactions.ts [--rows 2000000] [--repeats 2]
 *                                                     [--root DIR] [--label NAME]
 *
 * Merges its samples by label into bench/results/load-transactions-<date>.json; prints markdown.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { runChild } from './lib/child.js';
import { describeMachine } from './lib/machine.js';
import { CACHE, REPO, scratchRoot, WORKSHOP_CLI } from './lib/paths.js';
import { formatSeconds, summarize } from './lib/stats.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const sizes = (flag('rows') ?? '2000000').split(',').map(Number);
const repeats = Number(flag('repeats') ?? 2);
const root = flag('root') ?? REPO;
const label = flag('label') ?? 'current';
const ENV_FILE = join(REPO, 'examples', 'environments', 'demo-bank.yaml');
const log = (line: string): void => void process.stderr.write(`${line}\n`);

interface LoadSample {
  readonly rows: number;
  readonly rowsIn: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMiB: number;
}

/** The banking sample of about `rows` rows, generated once. */
async function bankingSample(rows: number): Promise<string> {
  const dir = join(CACHE, 'banking', String(rows));
  const file = join(dir, 'transactions.csv');
  if (existsSync(file)) return file;
  const args = ['sample-data', '--kind', 'banking', '--out', dir, '--orders', String(rows)];
  const made = await runChild('node', [WORKSHOP_CLI, ...args], { cwd: REPO });
  if (made.code !== 0) throw new Error(`sample-data failed: ${made.stderr}`);
  return file;
}

async function loadOnce(rows: number, file: string): Promise<LoadSample> {
  const cwd = await scratchRoot('load-transactions');
  try {
    const cli = join(root, 'dist', 'actions', 'workshop.js');
    const child = await runChild('node', [cli, 'load', '--data', file, '--env-file', ENV_FILE], {
      cwd,
    });
    if (child.code !== 0) throw new Error(`workshop load failed: ${child.stderr}`);
    const rowsIn = Number(/(\d+) in/.exec(child.stdout)?.[1] ?? NaN);
    return { rows, rowsIn, wallMs: child.wallMs, cpuMs: child.cpuMs, maxRssMiB: child.maxRssMiB };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

const samples: LoadSample[] = [];
for (const rows of sizes) {
  const file = await bankingSample(rows);
  for (let i = 0; i < repeats; i++) {
    const sample = await loadOnce(rows, file);
    log(
      `${label} ${rows}: ${(sample.wallMs / 1000).toFixed(1)} s wall, ${(sample.cpuMs / 1000).toFixed(1)} s CPU, ${sample.maxRssMiB.toFixed(0)} MiB`,
    );
    samples.push(sample);
  }
}

const machine = describeMachine();
const out = join(REPO, 'bench', 'results', `load-transactions-${machine.date.slice(0, 10)}.json`);
await mkdir(join(REPO, 'bench', 'results'), { recursive: true });
const previous = existsSync(out)
  ? (JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>)
  : {};
const style = (await resolveConfig(out)) ?? {};
const merged = { ...previous, machine, [label]: samples };
await writeFile(out, await format(JSON.stringify(merged), { ...style, parser: 'json' }));

const summary = (values: readonly number[]): string => formatSeconds(summarize(values));
const lines = [
  `| ${label}: rows | rows in | wall | CPU (user + sys) | peak RSS |`,
  '| --- | --- | --- | --- | --- |',
  ...sizes.map((rows) => {
    const of = samples.filter((s) => s.rows === rows);
    const rss = summarize(of.map((s) => s.maxRssMiB));
    return `| ${rows.toLocaleString('en-US')} | ${of[0]?.rowsIn.toLocaleString('en-US') ?? ''} | ${summary(of.map((s) => s.wallMs))} | ${summary(of.map((s) => s.cpuMs))} | ${rss.median.toFixed(0)} MiB (${rss.min.toFixed(0)}–${rss.max.toFixed(0)}) |`;
  }),
];
process.stdout.write(`${lines.join('\n')}\n\nwritten to ${out}\n`);
