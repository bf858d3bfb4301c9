import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './warehouse.js';

const ENSURE = join(REPO_ROOT, 'scripts', 'ensure-chromium.sh');
/** A first install from Debian's packages takes about half a minute; leave room for a slow mirror. */
export const ENSURE_TIMEOUT_MS = 10 * 60_000;

/**
 * The Chromium to drive: runs scripts/ensure-chromium.sh, which finds CHROMIUM_PATH or
 * /usr/bin/chromium and, as root with apt-get, installs Debian's chromium package when missing.
 */
export async function ensureChromium(): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('bash', [ENSURE], {
      timeout: ENSURE_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout.trim().split('\n').pop() ?? '';
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${ENSURE} could not provide Chromium: ${err.stderr?.trim() || err.message}`);
  }
}
