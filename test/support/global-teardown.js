import { rm } from 'node:fs/promises';

/** Removes the run's PGlite snapshot folder made by test/support/global-setup.js. */
export default async function globalTeardown() {
  const dir = process.env.RFM_TEST_PGLITE_SNAPSHOTS;
  if (dir !== undefined && dir !== '') await rm(dir, { recursive: true, force: true });
}
