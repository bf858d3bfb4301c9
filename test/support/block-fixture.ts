/**
 * Jest fixtures a test block opens once: what the fixture holds exists from the block's beforeAll
 * (or beforeEach) to its afterAll (or afterEach), and is read through a getter in the tests.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether a fixture is opened once for the block's tests or anew for each test. */
export type FixtureScope = 'all' | 'each';

/**
 * Registers hooks in the calling block that open `open` before its tests and `close` it after
 * them; the returned function gives what `open` gave, and fails outside a test or a later hook.
 */
export function openedForBlock<T>(
  open: () => Promise<T>,
  close: (value: T) => Promise<void>,
  scope: FixtureScope = 'all',
): () => T {
  let opened: { value: T } | undefined;
  (scope === 'all' ? beforeAll : beforeEach)(async () => {
    opened = { value: await open() };
  });
  (scope === 'all' ? afterAll : afterEach)(async () => {
    const done = opened;
    opened = undefined;
    if (done !== undefined) await close(done.value);
  });
  return () => {
    if (opened === undefined) {
      throw new Error(
        'the fixture is opened by its block hooks: read it inside a test or a hook registered after it',
      );
    }
    return opened.value;
  };
}

/** A temporary folder: made before the block's tests (or each test), removed with its files after. */
export function tempFolder(prefix: string, scope: FixtureScope = 'all'): { readonly path: string } {
  const folder = openedForBlock(
    () => mkdtemp(join(tmpdir(), `${prefix}-`)),
    (path) => rm(path, { recursive: true, force: true }),
    scope,
  );
  return {
    get path() {
      return folder();
    },
  };
}
