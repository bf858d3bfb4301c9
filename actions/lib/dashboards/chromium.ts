import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's `chromium` package puts the browser. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags for headless Chromium on a machine without a network: no sandbox (CI runs as root), no
 * GPU, and none of the background connections that a closed network refuses at every start.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** `CHROMIUM_PATH` when set, else Debian's `/usr/bin/chromium`; fails saying how to get one. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const path = env.CHROMIUM_PATH ?? DEBIAN_CHROMIUM;
  try {
    await access(path, constants.X_OK);
    return path;
  } catch {
    throw new Error(
      env.CHROMIUM_PATH === undefined
        ? `no Chromium at ${DEBIAN_CHROMIUM}; run scripts/ensure-chromium.sh (as root it installs ` +
            "Debian's chromium package) or set CHROMIUM_PATH to a Chromium executable"
        : `CHROMIUM_PATH=${path} is not an executable file; fix the path or unset CHROMIUM_PATH`,
    );
  }
}

/** A fresh, empty profile folder for one browser run; the returned function removes it. */
export async function freshProfile(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'chromium-profile-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
