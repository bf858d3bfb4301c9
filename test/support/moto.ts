import { S3Client } from '@aws-sdk/client-s3';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort, killGroup } from './process.js';

const LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), 'moto_server.py');
const READY_TIMEOUT_MS = 20_000;

/** A running moto server on a loopback port. */
export interface MotoServer {
  readonly url: string;
  /** What the server printed so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** `MOTO_PYTHON`, else the first of python3 / python that can import moto. */
export function findMotoPython(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = env.MOTO_PYTHON === undefined ? ['python3', 'python'] : [env.MOTO_PYTHON];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import moto.server'], { timeout: 30_000 });
    if (probe.status === 0) return python;
  }
  throw new Error(
    `no Python with moto found (tried ${candidates.join(', ')}); ` +
      "install it with `pip install 'moto[server]==5.2.1'` or set MOTO_PYTHON to a python that has it",
  );
}

/** Starts the patched moto server on 127.0.0.1 and waits (bounded) until it answers. */
export async function startMoto(): Promise<MotoServer> {
  const python = findMotoPython();
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(python, [LAUNCHER, '-H', '127.0.0.1', '-p', String(port)], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = once(child, 'exit');
  const server: MotoServer = {
    url,
    log: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child.pid);
      await exited;
    },
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await server.stop();
  throw new Error(`moto did not start on ${url} within ${READY_TIMEOUT_MS} ms:\n${output}`);
}

/** An S3 client of the moto server `moto`: path-style, test credentials, no retries. */
export function motoS3Client(moto: MotoServer): S3Client {
  return new S3Client({
    region: 'eu-west-1',
    endpoint: moto.url,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}
