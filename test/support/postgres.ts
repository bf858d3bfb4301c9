import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freeLoopbackPort } from './process.js';

const exec = promisify(execFile);
const COMMAND_TIMEOUT_MS = 60_000;
/** The account the server runs as when the tests run as root (postgres refuses to run as root). */
const UNPRIVILEGED_USER = 'nobody';

/** A throwaway PostgreSQL cluster on 127.0.0.1, deleted by `stop`. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  url(database?: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** The server log so far, for failure messages. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Finds `initdb` and `pg_ctl`: `$PG_BIN`, then the `PATH`, then the Debian/Ubuntu and RHEL install
 * folders (newest version first).
 */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [
    ...(env.PG_BIN === undefined ? [] : [env.PG_BIN]),
    ...(env.PATH ?? '').split(delimiter).filter((d) => d !== ''),
    ...versionedDirs('/usr/lib/postgresql', (v) => join('/usr/lib/postgresql', v, 'bin')),
    ...versionedDirs('/usr', (v) => (v.startsWith('pgsql-') ? join('/usr', v, 'bin') : '')),
  ].filter((d) => d !== '');
  const found = candidates.find(
    (d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')),
  );
  if (found !== undefined) return found;
  throw new Error(
    'no PostgreSQL server binaries (initdb, pg_ctl) found on PATH, in /usr/lib/postgresql/*/bin or /usr/pgsql-*/bin; ' +
      'install them (Debian/Ubuntu: apt-get install postgresql) or set PG_BIN to their folder',
  );
}

function versionedDirs(parent: string, toBin: (entry: string) => string): string[] {
  if (!existsSync(parent)) return [];
  return readdirSync(parent)
    .sort((a, b) => b.localeCompare(a, undefined, { numeric: true }))
    .map(toBin);
}

/** Runs a server binary, as `nobody` when this process is root (runuser, else su). */
async function runAs(uid: number | undefined, bin: string, args: readonly string[]) {
  if (uid === undefined) return exec(bin, [...args], { timeout: COMMAND_TIMEOUT_MS });
  if (onPath('runuser')) {
    return exec('runuser', ['-u', UNPRIVILEGED_USER, '--', bin, ...args], {
      timeout: COMMAND_TIMEOUT_MS,
    });
  }
  const command = [bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return exec('su', ['-s', '/bin/sh', UNPRIVILEGED_USER, '-c', command], {
    timeout: COMMAND_TIMEOUT_MS,
  });
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((d) => d !== '' && existsSync(join(d, command)));
}

async function unprivilegedIds(): Promise<{ uid: number; gid: number }> {
  const uid = Number((await exec('id', ['-u', UNPRIVILEGED_USER])).stdout.trim());
  const gid = Number((await exec('id', ['-g', UNPRIVILEGED_USER])).stdout.trim());
  return { uid, gid };
}

/**
 * Creates a cluster in a temporary folder with `initdb` and starts it with `pg_ctl` on a free
 * loopback port. Durability is switched off: the data is thrown away at `stop`.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const root = await mkdtemp(join(tmpdir(), 'pg-test-'));
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await unprivilegedIds() : undefined;
  if (owner !== undefined) await chown(root, owner.uid, owner.gid);
  const data = join(root, 'data');
  const logFile = join(root, 'server.log');
  const port = await freeLoopbackPort();
  const uid = owner?.uid;
  const log = () => readFile(logFile, 'utf8').catch(() => '');

  try {
    await runAs(uid, join(bin, 'initdb'), [
      ...['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C'],
      '--no-sync',
    ]);
    const serverOptions = [
      `-p ${port}`,
      '-h 127.0.0.1',
      `-k ${root}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=60',
    ].join(' ');
    await runAs(uid, join(bin, 'pg_ctl'), [
      ...['-D', data, '-l', logFile, '-o', serverOptions, '-w', '-t', '30', 'start'],
    ]);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await rm(root, { recursive: true, force: true });
    throw new Error(`could not start PostgreSQL from ${bin}: ${reason}\n${await log()}`);
  }

  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    url,
    log,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      await runAs(uid, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(
        () => undefined,
      );
      await rm(root, { recursive: true, force: true });
    },
  };
}
