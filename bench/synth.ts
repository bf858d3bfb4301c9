/** Measure 3: synthesizing the stacks for 1, 10 and 50 teams (what `npm run synth` runs after the build). */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runChild } from './lib/child.js';
import { CACHE, REPO, SYNTH_CLI } from './lib/paths.js';
import { summarize, type Summary } from './lib/stats.js';

export interface SynthSample {
  readonly teams: number;
  readonly wallMs: Summary;
  readonly maxRssMiB: number;
}

/** `count` environment files: copies of environments/retail-bank.yaml under other team ids. */
async function environments(count: number): Promise<string> {
  const template = await readFile(join(REPO, 'environments', 'retail-bank.yaml'), 'utf8');
  const dir = join(CACHE, 'synth', `env-${count}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (let i = 1; i <= count; i++) {
    const team = `team-${String(i).padStart(3, '0')}`;
    await writeFile(join(dir, `${team}.yaml`), template.replace(/^team: .*$/m, `team: ${team}`));
  }
  return dir;
}

/** `node dist/stacks/main.js` per team count, `repeats` times, counts interleaved. */
export async function measureSynth(
  counts: readonly number[],
  repeats: number,
  log: (line: string) => void,
): Promise<SynthSample[]> {
  const dirs = new Map<number, string>();
  for (const c of counts) dirs.set(c, await environments(c));
  const runs = new Map<number, { wall: number[]; rss: number[] }>(
    counts.map((c) => [c, { wall: [], rss: [] }]),
  );
  for (let r = 0; r < repeats; r++) {
    for (const c of counts) {
      const outdir = join(CACHE, 'synth', `out-${c}`);
      await rm(outdir, { recursive: true, force: true });
      const child = await runChild('node', [SYNTH_CLI], {
        cwd: REPO,
        env: { WORKSHOP_ENVIRONMENTS_DIR: dirs.get(c), WORKSHOP_OUTDIR: outdir },
      });
      if (child.code !== 0) throw new Error(`synth of ${c} teams failed: ${child.stderr}`);
      runs.get(c)?.wall.push(child.wallMs);
      runs.get(c)?.rss.push(child.maxRssMiB);
      log(`  synth ${c} teams: ${(child.wallMs / 1000).toFixed(2)} s`);
    }
  }
  return counts.map((teams) => {
    const m = runs.get(teams) ?? { wall: [], rss: [] };
    return { teams, wallMs: summarize(m.wall), maxRssMiB: Math.max(...m.rss) };
  });
}
