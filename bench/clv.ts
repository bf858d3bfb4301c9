/**
 * CLV model benchmark: BG/NBD and Gamma-Gamma fit times on simulated customers, with and without
 * grouping identical (x, t_x, T) rows, the scoring time per customer, and the whole fit as
 * `workshop run` does it (`fitClv` on grouped histories: both models, the independence check and
 * the data fingerprint a holdout check is matched by).
 *
 *   npx tsx bench/clv.ts [--sizes 100000,1000000] [--repeats 3]
 *
 * Customers are drawn from the CDNOW estimates (r 0.243, α 4.414, a 0.793, b 2.426; p 6.25, q 3.74,
 * γ 15.44) with ages uniform over 1–78 weeks. "days" data put purchases on calendar days (as summaries
 * built from transactions are), so many customers share a row; "continuous" data has no duplicate rows,
 * the worst case for the fit.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fitBgNbd, type BgNbdFit } from '../actions/lib/clv/bgnbd.js';
import { scoreCustomers } from '../actions/lib/clv/clv.js';
import { historiesFingerprint } from '../actions/lib/clv/fingerprint.js';
import { fitGammaGamma } from '../actions/lib/clv/gamma-gamma.js';
import { fitClv, type ClvHistory } from '../actions/lib/clv/model.js';
import type { Grouping } from '../actions/lib/clv/rfm-data.js';
import { simulateCustomers, type SimulatedCustomers } from '../actions/lib/clv/simulate.js';
import { createRandom } from '../actions/lib/random.js';
import { describeMachine } from './lib/machine.js';
import { since, summarize, type Summary } from './lib/stats.js';

const BG = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG = { p: 6.25, q: 3.74, gamma: 15.44 };

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}
const sizes = (flag('sizes') ?? '100000,1000000').split(',').map(Number);
const repeats = Number(flag('repeats') ?? 3);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

interface FitSample {
  readonly data: 'days' | 'continuous';
  readonly customers: number;
  readonly grouping: Grouping;
  readonly rows: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  readonly timeMs: Summary;
}

function timeFit(sim: SimulatedCustomers, grouping: Grouping): { fit: BgNbdFit; timeMs: Summary } {
  const runs: number[] = [];
  let fit: BgNbdFit | undefined;
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    fit = fitBgNbd(sim, { grouping });
    runs.push(since(started));
  }
  return { fit: fit as BgNbdFit, timeMs: summarize(runs) };
}

const ms = (s: Summary): string =>
  s.runs.length === 1
    ? `${s.median.toFixed(0)} ms`
    : `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;

/** The histories as the warehouse hands them to `workshop run`: identical ones grouped. */
function groupedHistories(sim: SimulatedCustomers): ClvHistory[] {
  const groups = new Map<
    string,
    { x: number; tx: number; T: number; m: number | null; n: number }
  >();
  sim.x.forEach((x, i) => {
    const tx = sim.tx[i] as number;
    const T = sim.T[i] as number;
    const m = x === 0 ? null : (sim.meanValue[i] as number);
    const key = `${x},${tx},${T},${m}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { x, tx, T, m, n: 1 });
    else group.n++;
  });
  return [...groups.values()].map((g) => ({
    x: g.x,
    tx: g.tx,
    T: g.T,
    meanRepeatValue: g.m,
    weight: g.n,
  }));
}

const times = (run: () => void): Summary => {
  const runs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    run();
    runs.push(since(started));
  }
  return summarize(runs);
};

const fits: FitSample[] = [];
const others: string[] = [];
const wholeFits: string[] = [];
for (const n of sizes) {
  for (const data of ['days', 'continuous'] as const) {
    const sim = simulateCustomers(n, BG, createRandom(42), {
      minT: 1,
      maxT: 78,
      dayGranular: data === 'days',
      spend: GG,
    });
    for (const grouping of ['auto', 'never'] as const) {
      if (data === 'continuous' && grouping === 'auto') continue; // nothing to group: same as never
      log(`BG/NBD fit: ${n} customers, ${data}, grouping ${grouping}`);
      const { fit, timeMs } = timeFit(sim, grouping);
      fits.push({
        data,
        customers: n,
        grouping,
        rows: fit.rows,
        iterations: fit.iterations,
        evaluations: fit.evaluations,
        converged: fit.converged,
        timeMs,
      });
    }
    const ggRuns: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const started = performance.now();
      fitGammaGamma({ x: sim.x, meanValue: sim.meanValue });
      ggRuns.push(since(started));
    }
    const customers = Array.from(sim.x, (x, i) => ({
      x,
      tx: sim.tx[i] as number,
      T: sim.T[i] as number,
      meanRepeatValue: x === 0 ? null : (sim.meanValue[i] as number),
    }));
    const scoreRuns: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const started = performance.now();
      scoreCustomers(customers, BG, GG, { horizonDays: 365 });
      scoreRuns.push(since(started));
    }
    const score = summarize(scoreRuns);
    if (data === 'days') {
      log(`fitClv: ${n} customers, grouped histories`);
      const histories = groupedHistories(sim);
      const whole = times(() => fitClv(histories, '1998-06-30'));
      const grouped = times(() => historiesFingerprint(histories, '1998-06-30'));
      const rows = customers.map((c) => ({ ...c, weight: 1 }));
      const perCustomer = times(() => historiesFingerprint(rows, '1998-06-30'));
      wholeFits.push(
        `| ${n.toLocaleString('en')} | ${histories.length.toLocaleString('en')} | ${ms(whole)} | ` +
          `${ms(grouped)} | ${ms(perCustomer)} |`,
      );
    }
    others.push(
      `| ${data} | ${n.toLocaleString('en')} | ${ms(summarize(ggRuns))} | ${ms(score)} | ` +
        `${((score.median * 1000) / n).toFixed(2)} µs |`,
    );
  }
}

function pythonLifetimes(): string {
  try {
    execFileSync('python3', ['-c', 'import lifetimes'], { stdio: 'ignore' });
    return 'Python lifetimes is importable but not compared here.';
  } catch {
    return 'Python lifetimes is not importable on this machine (not installed; PyPI is not reachable here and Debian has no package), so there is no comparison.';
  }
}

const machine = describeMachine();
const load = loadavg().map((v) => v.toFixed(1));
console.log(
  `### CLV models (${machine.cpu}, ${machine.nproc} cores, Node ${machine.node}; load average at the end ${load.join(', ')})\n`,
);
console.log('BG/NBD fit (from r = α = a = b = 1, BFGS on log-parameters, analytic gradient):\n');
console.log('| data | customers | grouping | rows | iterations | evaluations | converged | time |');
console.log('| --- | ---: | --- | ---: | ---: | ---: | --- | ---: |');
for (const f of fits)
  console.log(
    `| ${f.data} | ${f.customers.toLocaleString('en')} | ${f.grouping} | ${f.rows.toLocaleString('en')} | ` +
      `${f.iterations} | ${f.evaluations} | ${f.converged} | ${ms(f.timeMs)} |`,
  );
console.log(
  '\nGamma-Gamma fit and scoring (365-day horizon, 12 monthly discount steps; customers sharing (x, T) share the series):\n',
);
console.log('| data | customers | Gamma-Gamma fit | scoring | scoring per customer |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const line of others) console.log(line);
console.log(
  '\nThe whole fit as `workshop run` does it (`fitClv` on grouped "days" histories: BG/NBD, Gamma-Gamma, the independence check and the data fingerprint), and the fingerprint alone, on the grouped rows and on one row per customer (what `clv validate` reads):\n',
);
console.log(
  '| customers | grouped rows | fitClv | fingerprint, grouped | fingerprint, per customer |',
);
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const line of wholeFits) console.log(line);
console.log(`\n${pythonLifetimes()}`);
console.log(`\n${JSON.stringify({ machine, loadAverage: loadavg(), repeats, fits })}`);
