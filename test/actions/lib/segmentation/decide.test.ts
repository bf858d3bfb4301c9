/** A person's decision on a registered version, on the local registry and warehouse. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { TeamBackend } from '../../../../actions/lib/pipeline/backend.js';
import { decideStep, trainStep } from '../../../../actions/lib/pipeline/steps.js';
import { migratedLocalBackend } from '../../../support/backend.js';
import { groupedFeatures, seedFeatures, TWO_GROUPS } from '../../../support/features.js';

let backend: TeamBackend;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ backend, dispose } = await migratedLocalBackend());
  await seedFeatures(backend.wh, groupedFeatures(TWO_GROUPS, 30));
});
afterAll(() => dispose());

const active = async (): Promise<[number, string][]> =>
  (
    await backend.wh.query<{ model_version: number; status: string }>(
      'select model_version, status from segment_models order by model_version',
    )
  ).map((r) => [r.model_version, r.status]);

describe('decideVersion', () => {
  test('approve a pending version, reject the old one, refuse what would break the active one', async () => {
    await trainStep(backend, { k: 2 });
    const pending = await trainStep(backend, { k: 3, approvalPolicy: 'manual' });
    expect(pending.status).toBe('PendingManualApproval');
    // The same data and parameters as v1: v1 is reused, whatever the approval policy.
    expect(await trainStep(backend, { k: 2, approvalPolicy: 'manual' })).toMatchObject({
      version: 1,
      reused: true,
      status: 'Approved',
    });
    expect(await active()).toEqual([
      [1, 'active'],
      [2, 'pending'],
    ]);

    // A pending version cannot be activated without an approval.
    await expect(decideStep(backend, 'activate', 2, 'test')).rejects.toThrow(
      'v2 is PendingManualApproval; only an approved version can be activated (workshop model approve 2)',
    );
    expect(await decideStep(backend, 'approve', 2, 'approved by @ana')).toEqual({
      version: 2,
      status: 'Approved',
      active: true,
    });
    expect(await active()).toEqual([
      [1, 'inactive'],
      [2, 'active'],
    ]);
    expect((await backend.registry.get(2)).status).toBe('Approved');

    // The active version cannot be rejected; the old one can, and then cannot come back.
    await expect(decideStep(backend, 'reject', 2, 'test')).rejects.toThrow(
      'v2 is the active version; activate another approved version first',
    );
    await decideStep(backend, 'reject', 1, 'worse on the holdout');
    expect(await active()).toEqual([
      [1, 'rejected'],
      [2, 'active'],
    ]);
    await expect(decideStep(backend, 'activate', 1, 'test')).rejects.toThrow(/v1 is Rejected/);
    await expect(decideStep(backend, 'approve', 9, 'test')).rejects.toThrow(/no model version 9/);
  });
});
