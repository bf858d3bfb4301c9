import { createHash } from 'node:crypto';

/**
 * Identifies the exact training data: `sha256:<hex>` over the raw bytes of the Float64Array (the
 * platform's byte order, little-endian on every supported target). Any changed value, row order or
 * length gives a different fingerprint.
 */
export function fingerprint(points: Float64Array): string {
  const bytes = new Uint8Array(points.buffer, points.byteOffset, points.byteLength);
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
