/** An in-memory RecordStore with the same compare-and-set semantics as the S3 one. */
import type { RecordStore } from '../../../../actions/lib/gitops/deploy-record.js';

export interface MemoryStore extends RecordStore {
  readonly objects: Map<string, { text: string; revision: string }>;
}

export function memoryStore(): MemoryStore {
  const objects = new Map<string, { text: string; revision: string }>();
  let next = 1;
  return {
    objects,
    async read(key) {
      return objects.get(key);
    },
    async write(key, text, expected) {
      if (objects.get(key)?.revision !== expected) return false;
      objects.set(key, { text, revision: `"r${next++}"` });
      return true;
    },
    async remove(key) {
      objects.delete(key);
    },
    async list(prefix) {
      return [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    },
  };
}
