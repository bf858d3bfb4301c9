import { describe, expect, test } from '@jest/globals';
import { decideApproval, resolveApproval } from '../../../../actions/lib/segmentation/approval.js';

const auto = { policy: 'auto', msdMargin: 0.05 } as const;

describe('decideApproval', () => {
  test('auto approves the first version', () => {
    expect(decideApproval(auto, 0.3, undefined)).toEqual({
      status: 'Approved',
      reason: 'auto: first approved version',
    });
  });

  test('auto approves within the margin and holds back beyond it', () => {
    const baseline = { version: 4, msd: 0.2 };
    expect(decideApproval(auto, 0.19, baseline).status).toBe('Approved');
    expect(decideApproval(auto, 0.21, baseline).status).toBe('Approved');
    expect(decideApproval(auto, 0.2 * 1.05, baseline).status).toBe('Approved');
    const worse = decideApproval(auto, 0.2101, baseline);
    expect(worse).toEqual({
      status: 'PendingManualApproval',
      reason:
        'auto: worse than allowed: msd 0.210100 vs 0.200000 for v4 on the same data, margin 5%',
    });
  });

  test('a zero margin approves only models at least as good', () => {
    const strict = { policy: 'auto', msdMargin: 0 } as const;
    expect(decideApproval(strict, 0.2, { version: 1, msd: 0.2 }).status).toBe('Approved');
    expect(decideApproval(strict, 0.2000001, { version: 1, msd: 0.2 }).status).toBe(
      'PendingManualApproval',
    );
  });

  test('manual never approves', () => {
    expect(decideApproval({ policy: 'manual', msdMargin: 1 }, 0.01, undefined)).toEqual({
      status: 'PendingManualApproval',
      reason: 'approval policy is manual',
    });
  });

  test('rejects an msd that is not a number', () => {
    expect(() => decideApproval(auto, Number.NaN, undefined)).toThrow(
      'msd must be a finite number ≥ 0, got NaN',
    );
  });
});

describe('resolveApproval', () => {
  test('defaults, the environment, then the override', () => {
    expect(resolveApproval({})).toEqual({ policy: 'auto', msdMargin: 0.05 });
    expect(resolveApproval({ approval: { policy: 'manual', msdMargin: 0.1 } })).toEqual({
      policy: 'manual',
      msdMargin: 0.1,
    });
    expect(
      resolveApproval({ approval: { policy: 'manual', msdMargin: 0.1 } }, { policy: 'auto' }),
    ).toEqual({ policy: 'auto', msdMargin: 0.1 });
  });
});
