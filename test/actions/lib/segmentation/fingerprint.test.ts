import {
  fingerprint,
  trainingKey,
  type TrainingParameters,
} from '../../../../actions/lib/segmentation/fingerprint.js';
import { localTrainingParameters } from '../../../support/model-record.js';

describe('fingerprint', () => {
  it('is sha256 over the raw little-endian bytes', () => {
    // SHA-256 of 16 zero bytes.
    expect(fingerprint(new Float64Array(2))).toBe(
      'sha256:374708fff7719dd5979ec875d56cd2286f6d3cf7ec317a3b25632aab28ec37bb',
    );
    // 1.0 is 00 00 00 00 00 00 f0 3f in little-endian order.
    expect(fingerprint(new Float64Array([1]))).toBe(
      'sha256:6c3c396ed6b5c36dcae172271f462051b1266b851e92df3deea8ac65478fd712',
    );
  });

  it('changes with any value, and is the same for equal data', () => {
    const a = new Float64Array([0.5, 1.5, 2.5, 3.5]);
    const b = new Float64Array([0.5, 1.5, 2.5, 3.5]);
    expect(fingerprint(a)).toBe(fingerprint(b));
    b[3] = 3.5000000000000004;
    expect(fingerprint(a)).not.toBe(fingerprint(b));
    expect(fingerprint(a)).not.toBe(fingerprint(a.subarray(0, 3)));
  });

  it('hashes only the view, not the whole underlying buffer', () => {
    const whole = new Float64Array([9, 1, 2, 9]);
    expect(fingerprint(whole.subarray(1, 3))).toBe(fingerprint(new Float64Array([1, 2])));
  });
});

describe('trainingKey', () => {
  const parameters = localTrainingParameters({ k: 'auto', kRange: [3, 8], seed: 42, restarts: 8 });

  test('does not depend on the order the fields were written in', () => {
    const reordered = Object.fromEntries(
      Object.entries(parameters).reverse(),
    ) as unknown as TrainingParameters;
    expect(trainingKey(reordered)).toBe(trainingKey(parameters));
    expect(trainingKey(parameters)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test.each<[string, Partial<TrainingParameters>]>([
    ['the scaling', { scaling: 'seed' }],
    ['the order of the features', { features: ['frequency', 'recency', 'monetary'] }],
    ['k', { k: 4 }],
    ['the range searched', { k_range: [3, 9] }],
    ['the seed', { seed: 43 }],
    ['the trainer', { source: 'sagemaker', trainer: { instanceType: 'ml.c5.xlarge' } }],
  ])('changes with %s', (_what, change) => {
    expect(trainingKey({ ...parameters, ...change })).not.toBe(trainingKey(parameters));
  });
});
