import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Makes this run's folder for the PGlite snapshots of test/support/pglite.ts (the workers inherit
 * the variable); test/support/global-teardown.js removes it.
 */
export default async function globalSetup() {
  process.env.RFM_TEST_PGLITE_SNAPSHOTS = await mkdtemp(join(tmpdir(), 'rfm-test-pglite-'));
}
