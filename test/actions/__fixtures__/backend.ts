/** A stand-in for `openActionBackend` in the action shells' tests: records what it was asked. */
import { jest } from '@jest/globals';
import type { openActionBackend as OpenActionBackend } from '../../../actions/shared/backend.js';
import type { TeamBackend } from '../../../actions/lib/pipeline/backend.js';

export const close = jest.fn(async () => undefined);

/** The backend the stand-in returns; only `close` and the fields a shell reads are real. */
export const backend = {
  kind: 'local',
  env: { team: 'retail-bank' },
  close,
} as unknown as TeamBackend;

export const openActionBackend = jest.fn<typeof OpenActionBackend>(async () => backend);

/** The module to mock: `jest.unstable_mockModule('…/actions/shared/backend.js', () => sharedBackend)`. */
export const sharedBackend = {
  openActionBackend,
  workspace: () => '/workspace',
  runIdentity: () => ({ commit: 'feedface', runId: '99-2' }),
};
