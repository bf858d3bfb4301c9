import { describe, expect, test } from '@jest/globals';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockTeam, TeamInUseError } from '../../../../actions/lib/pipeline/team-lock.js';

const lockFile = async (): Promise<string> =>
  join(await mkdtemp(join(tmpdir(), 'team-lock-')), 'retail-bank', 'lock');

describe('lockTeam', () => {
  test('a second holder is refused, naming the first; after release the lock is free', async () => {
    const file = await lockFile();
    const first = await lockTeam('retail-bank', file);
    const owner = JSON.parse(await readFile(file, 'utf8')) as { pid: number };
    expect(owner.pid).toBe(process.pid);

    // Another process with a live pid holds it.
    await writeFile(
      file,
      JSON.stringify({ pid: 4242, started: '2026-12-07T10:00:00.000Z', command: 'run' }),
    );
    const attempt = lockTeam('retail-bank', file, { isAlive: (pid) => pid === 4242 });
    await expect(attempt).rejects.toThrow(TeamInUseError);
    await expect(attempt).rejects.toThrow(
      `team retail-bank is in use by pid 4242 (started 2026-12-07T10:00:00.000Z: run); wait for it to finish or stop it. If no such process runs, delete ${file}`,
    );
    // Releasing our handle leaves the other process's lock alone.
    await first.release();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ pid: 4242 });
  });

  test('the lock of a process that no longer runs is taken over, and said so', async () => {
    const file = await lockFile();
    await lockTeam('retail-bank', file).then((l) => l.release());
    await writeFile(file, JSON.stringify({ pid: 999999, started: 'then', command: 'run' }));
    const lock = await lockTeam('retail-bank', file, { isAlive: () => false });
    expect(lock.tookOverFrom).toEqual({ pid: 999999, started: 'then', command: 'run' });
    await lock.release();
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
    await lock.release();
  });

  test('an unreadable lock file is taken over too', async () => {
    const file = await lockFile();
    await lockTeam('retail-bank', file).then((l) => l.release());
    await writeFile(file, 'not json');
    const lock = await lockTeam('retail-bank', file);
    expect(lock.tookOverFrom).toBeUndefined();
    await lock.release();
  });
});

test('the same process cannot open a team twice either', async () => {
  const file = await lockFile();
  const lock = await lockTeam('retail-bank', file);
  await expect(lockTeam('retail-bank', file)).rejects.toThrow(
    `team retail-bank is in use by pid ${process.pid}`,
  );
  await lock.release();
});
