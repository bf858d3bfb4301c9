/**
 * `workshop run` beside its peer, a plain pandas + scikit-learn script doing the same RFM, KMeans
 * (k = 5, 8 restarts) and scored CSV (bench/peer/rfm_peer.py), measured in the same run and
 * interleaved, so the ratio holds on a shared, noisy machine. The peer needs Debian's
 * python3-pandas and python3-sklearn (`/usr/bin/python3`); `scripts/ensure-peer.sh` installs them.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runChild } from './lib/child.js';
import { REPO, scratchRoot } from './lib/paths.js';
import { sampleData } from './workshop-run.js';

export interface PeerSample {
  readonly orders: number;
  readonly repeat: number;
  readonly oursMs: number;
  readonly oursRssMiB: number;
  readonly oursStagesMs: Readonly<Record<string, number>>;
  readonly peerMs: number;
  readonly peerRssMiB: number;
  readonly peerStagesMs: Readonly<Record<string, number>>;
  /** ours / peer, process wall. */
  readonly ratio: number;
}

const tail = (text: string): string => text.trim().split('\n').slice(-3).join(' | ');

/** Per size and repeat: the peer, then `workshop run --k 5` on a new team (warm start excluded). */
export async function measurePeer(options: {
  readonly sizes: readonly number[];
  readonly repeats: number;
  readonly log: (line: string) => void;
}): Promise<PeerSample[]> {
  const ensured = await runChild('bash', [join(REPO, 'scripts', 'ensure-peer.sh')], { cwd: REPO });
  if (ensured.code !== 0) throw new Error(ensured.stderr);
  const python = ensured.stdout.trim();
  const samples: PeerSample[] = [];
  for (const orders of options.sizes) {
    const data = await sampleData(orders);
    for (let r = 0; r < options.repeats; r++) {
      const cwd = await scratchRoot(`peer-${orders}`);
      try {
        const peer = await runChild(
          python,
          [join(REPO, 'bench', 'peer', 'rfm_peer.py'), data, join(cwd, 'peer.csv'), '--k', '5'],
          { cwd },
        );
        if (peer.code !== 0) throw new Error(`the peer failed: ${tail(peer.stderr)}`);
        const ours = await runChild(
          'node',
          [join(REPO, 'dist', 'actions', 'workshop.js'), 'run', '--data', data, '--k', '5'],
          { cwd },
        );
        if (ours.code !== 0) throw new Error(`workshop run failed: ${tail(ours.stderr)}`);
        const runJson = JSON.parse(
          await readFile(join(cwd, 'out', 'retail-bank', 'run.json'), 'utf8'),
        ) as { timings_ms: Record<string, number> };
        const sample: PeerSample = {
          orders,
          repeat: r,
          oursMs: ours.wallMs,
          oursRssMiB: ours.maxRssMiB,
          oursStagesMs: runJson.timings_ms,
          peerMs: peer.wallMs,
          peerRssMiB: peer.maxRssMiB,
          peerStagesMs: (JSON.parse(peer.stdout) as { timings_ms: Record<string, number> })
            .timings_ms,
          ratio: ours.wallMs / peer.wallMs,
        };
        samples.push(sample);
        options.log(
          `  ${orders} #${r}: ours ${(sample.oursMs / 1000).toFixed(2)} s, peer ${(sample.peerMs / 1000).toFixed(2)} s, ratio ${sample.ratio.toFixed(2)}`,
        );
      } finally {
        await rm(cwd, { recursive: true, force: true });
      }
    }
  }
  return samples;
}
