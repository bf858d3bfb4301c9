import { describe, expect, test } from '@jest/globals';
import { decideApproval, resolveApproval } from '../../../../actions/lib/segmentation/approval.js';

const auto = { policy: 'auto', msdMargin: 0.05, silhouetteMargin: 0.01 } as const;
/** A candidate of k = 3 with this msd (and a silhouette that only counts across k). */
const k3 = (msd: number, silhouette = 0.5) => ({ k: 3, msd, silhouette });

describe('decideApproval', () => {
  test('auto approves the first version', () => {
    expect(decideApproval(auto, k3(0.3), undefined)).toEqual({
      status: 'Approved',
      reason: 'auto: first approved version',
    });
  });

  test('auto approves within the margin and holds back beyond it', () => {
    const baseline = { version: 4, k: 3, msd: 0.2, silhouette: 0.9 };
    expect(decideApproval(auto, k3(0.19), baseline).status).toBe('Approved');
    expect(decideApproval(auto, k3(0.21), baseline).status).toBe('Approved');
    expect(decideApproval(auto, k3(0.2 * 1.05), baseline).status).toBe('Approved');
    const worse = decideApproval(auto, k3(0.2101), baseline);
    expect(worse).toEqual({
      status: 'PendingManualApproval',
      reason:
        'auto: worse than allowed: msd 0.210100 vs 0.200000 for v4 (k = 3) on the same data, margin 5%',
    });
  });

  test('a zero margin approves only models at least as good', () => {
    const strict = { policy: 'auto', msdMargin: 0, silhouetteMargin: 0 } as const;
    expect(
      decideApproval(strict, k3(0.2), { version: 1, k: 3, msd: 0.2, silhouette: 0.5 }).status,
    ).toBe('Approved');
    expect(
      decideApproval(strict, k3(0.2000001), { version: 1, k: 3, msd: 0.2, silhouette: 0.5 }).status,
    ).toBe('PendingManualApproval');
  });

  test('another k is compared by mean silhouette on the same customers, never by msd', () => {
    // A lower k always has a higher msd; that alone must not hold it back.
    const baseline = { version: 2, k: 5, msd: 0.1, silhouette: 0.6 };
    expect(decideApproval(auto, k3(0.4, 0.65), baseline)).toEqual({
      status: 'Approved',
      reason:
        'auto: k = 3 vs k = 5 for v2: mean silhouette 0.650000 vs 0.600000 on the same customers, margin 0.01',
    });
    expect(decideApproval(auto, k3(0.4, 0.595), baseline).status).toBe('Approved');
    expect(decideApproval(auto, k3(0.05, 0.58), baseline)).toMatchObject({
      status: 'PendingManualApproval',
      reason: expect.stringMatching(/^auto: worse than allowed: k = 3 vs k = 5/),
    });
  });

  test('manual never approves', () => {
    expect(
      decideApproval({ policy: 'manual', msdMargin: 1, silhouetteMargin: 1 }, k3(0.01), undefined),
    ).toEqual({
      status: 'PendingManualApproval',
      reason: 'approval policy is manual',
    });
  });

  test('rejects an msd that is not a number', () => {
    expect(() => decideApproval(auto, k3(Number.NaN), undefined)).toThrow(
      'msd must be a finite number ≥ 0, got NaN',
    );
  });
});

describe('resolveApproval', () => {
  test('defaults, the environment, then the override', () => {
    expect(resolveApproval({})).toEqual({
      policy: 'auto',
      msdMargin: 0.05,
      silhouetteMargin: 0.01,
    });
    const manual = { policy: 'manual', msdMargin: 0.1, silhouetteMargin: 0.02 } as const;
    expect(resolveApproval({ approval: manual })).toEqual(manual);
    expect(resolveApproval({ approval: manual }, { policy: 'auto' })).toEqual({
      ...manual,
      policy: 'auto',
    });
  });
});
