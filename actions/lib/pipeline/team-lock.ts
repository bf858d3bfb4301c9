/**
 * One process at a time per team: a lock file in the team's state folder, created exclusively,
 * holding who took it. A lock whose process is gone is taken over (and said so); a live one
 * refuses the second process before it touches anything.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** What the lock file holds. */
export interface LockOwner {
  readonly pid: number;
  /** ISO 8601. */
  readonly started: string;
  /** The command line, for the message another process prints. */
  readonly command: string;
}

export class TeamInUseError extends Error {
  override readonly name = 'TeamInUseError';
  constructor(
    readonly team: string,
    readonly owner: LockOwner,
    lockFile: string,
  ) {
    super(
      `team ${team} is in use by pid ${owner.pid} (started ${owner.started}: ${owner.command}); ` +
        `wait for it to finish or stop it. If no such process runs, delete ${lockFile}`,
    );
  }
}

/** A held lock; `release` is idempotent. */
export interface TeamLock {
  readonly file: string;
  /** Set when a dead process's lock was taken over. */
  readonly tookOverFrom?: LockOwner;
  release(): Promise<void>;
}

/** Whether a process with this pid runs (and may be signalled by us, or exists as another user's). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    return typeof parsed.pid === 'number' ? (parsed as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes `file` for `team`, or throws {@link TeamInUseError} naming the process that holds it.
 * `isAlive` is for tests.
 */
export async function lockTeam(
  team: string,
  file: string,
  options: { isAlive?: (pid: number) => boolean; now?: () => Date } = {},
): Promise<TeamLock> {
  const isAlive = options.isAlive ?? isRunning;
  const me: LockOwner = {
    pid: process.pid,
    started: (options.now?.() ?? new Date()).toISOString(),
    command: process.argv.slice(1).join(' '),
  };
  await mkdir(dirname(file), { recursive: true });
  let tookOverFrom: LockOwner | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${JSON.stringify(me)}\n`);
      await handle.close();
      let released = false;
      return {
        file,
        ...(tookOverFrom === undefined ? {} : { tookOverFrom }),
        release: async () => {
          if (released) return;
          released = true;
          // Only our own lock: never delete one another process took over meanwhile.
          if ((await readOwner(file))?.pid === me.pid) await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = await readOwner(file);
      if (owner !== undefined && isAlive(owner.pid)) throw new TeamInUseError(team, owner, file);
      // A lock left by a process that no longer runs (or an unreadable one): take it over.
      tookOverFrom = owner;
      await rm(file, { force: true });
    }
  }
  throw new Error(`could not take the lock ${file}: another process keeps taking it`);
}
