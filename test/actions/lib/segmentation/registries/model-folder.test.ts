import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainKMeans } from '../../../../../actions/lib/segmentation/kmeans/kmeans.js';
import {
  ModelFolder,
  toModelRecord,
} from '../../../../../actions/lib/segmentation/registries/model-folder.js';
import { gaussianBlobs } from '../kmeans/blobs.js';
import { SAMPLE_FINGERPRINT, sampleModelRecord } from '../../../../support/model-record.js';

describe('ModelFolder', () => {
  let root: string;
  let dir: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'registry-test-'));
    dir = join(root, 'team', 'models');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists nothing and has no latest for a missing folder', async () => {
    const registry = new ModelFolder(dir);
    expect(await registry.list()).toEqual([]);
    expect(await registry.latest()).toBeUndefined();
  });

  it('numbers versions v0001, v0002, … and round-trips records', async () => {
    const registry = new ModelFolder(dir);
    const first = await registry.register(sampleModelRecord());
    const second = await registry.register(sampleModelRecord({ seed: 7, inertia: 11 }));
    expect(first.version).toBe(1);
    expect(second.version).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(['v0001', 'v0002']);
    expect(await readdir(join(dir, 'v0001'))).toEqual(['model.json']);
    expect(registry.pathOf(2)).toBe(join(dir, 'v0002', 'model.json'));

    expect(await registry.get(1)).toEqual({ ...sampleModelRecord(), version: 1 });
    expect(await registry.get(2)).toEqual(second);
    expect(await registry.list()).toEqual([first, second]);
    expect(await registry.latest()).toEqual(second);
    // A fresh instance reads the same files.
    expect(await new ModelFolder(dir).list()).toEqual([first, second]);
  });

  it('continues after the highest existing version', async () => {
    await mkdir(join(dir, 'v0009'), { recursive: true });
    await mkdir(join(dir, 'notes'));
    const record = await new ModelFolder(dir).register(sampleModelRecord());
    expect(record.version).toBe(10);
    expect((await readdir(dir)).sort()).toEqual(['notes', 'v0009', 'v0010']);
  });

  it('leaves no temporary files behind', async () => {
    const registry = new ModelFolder(dir);
    await Promise.all([
      registry.register(sampleModelRecord()),
      registry.register(sampleModelRecord()),
    ]);
    const versions = (await registry.list()).map((r) => r.version);
    expect(versions).toEqual([1, 2]);
    for (const v of ['v0001', 'v0002']) expect(await readdir(join(dir, v))).toEqual(['model.json']);
  });

  it('names the file and the field of a corrupt model.json', async () => {
    const registry = new ModelFolder(dir);
    await registry.register(sampleModelRecord());
    const file = join(dir, 'v0001', 'model.json');
    const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...json, inertia: 'low' }));
    await expect(registry.get(1)).rejects.toThrow(file);
    await expect(registry.get(1)).rejects.toThrow(/field inertia/);
    await expect(registry.list()).rejects.toThrow(file);

    await writeFile(file, JSON.stringify({ ...json, centroids: [[1, 2, 3]] }));
    await expect(registry.get(1)).rejects.toThrow(/field centroids: expected 2 centroids/);

    await writeFile(file, '{"version": 1, ');
    await expect(registry.latest()).rejects.toThrow(`${file}: not valid JSON`);
  });

  it('rejects a model.json whose version disagrees with its folder', async () => {
    const registry = new ModelFolder(dir);
    await registry.register(sampleModelRecord());
    const file = join(dir, 'v0001', 'model.json');
    const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...json, version: 3 }));
    await expect(registry.get(1)).rejects.toThrow(/field version/);
  });

  it('reports a missing version with its path', async () => {
    const registry = new ModelFolder(dir);
    await expect(registry.get(3)).rejects.toThrow(join(dir, 'v0003', 'model.json'));
    await registry.register(sampleModelRecord());
    await expect(registry.get(2)).rejects.toThrow(/no model version 2/);
  });

  it('refuses to register an invalid record and writes nothing', async () => {
    const registry = new ModelFolder(dir);
    await expect(registry.register(sampleModelRecord({ sizes: [100] }))).rejects.toThrow(
      /field sizes/,
    );
    await expect(registry.register(sampleModelRecord({ inertia: Number.NaN }))).rejects.toThrow(
      /field inertia/,
    );
    expect(await registry.list()).toEqual([]);
  });
  it('keeps the scaling, names and training parameters, and checks them against k and the features', async () => {
    const registry = new ModelFolder(dir);
    const scaling = {
      scaling: 'seed' as const,
      features: (['recency', 'frequency', 'monetary'] as const).map((feature) => ({
        feature,
        transform: 'none' as const,
        method: 'min-max' as const,
        min: 1,
        max: 9,
      })),
    };
    const clusters = [0, 1].map((cluster) => ({
      cluster,
      name: `cluster name ${cluster}`,
      centroid_real: [1, 2, 3],
      profile: [0, 0, 0],
    }));
    const stored = await registry.register(sampleModelRecord({ scaling, clusters }));
    expect(await registry.get(stored.version)).toMatchObject({ scaling, clusters });

    await expect(
      registry.register(sampleModelRecord({ scaling, clusters: clusters.slice(1) })),
    ).rejects.toThrow(/field clusters: expected 2 clusters \(k\)/);
    await expect(
      registry.register(
        sampleModelRecord({ scaling: { ...scaling, features: scaling.features.slice(1) } }),
      ),
    ).rejects.toThrow(/field scaling.features: expected 3 entries, one per feature name/);
    await expect(
      registry.register(
        sampleModelRecord({ scaling: { ...scaling, scaling: 'minmax' as unknown as 'seed' } }),
      ),
    ).rejects.toThrow(/field scaling.scaling/);
    expect((await registry.list()).map((r) => r.version)).toEqual([1]);
  });
});

describe('toModelRecord', () => {
  it('stores a trained model that the registry reads back', async () => {
    const points = gaussianBlobs(
      [
        [0, 0, 0],
        [3, 3, 3],
      ],
      50,
      0.2,
      1,
    );
    const model = trainKMeans(points, 3, { k: 2, seed: 3, restarts: 2 });
    const createdAt = new Date('2026-03-04T05:06:07.000Z');
    const curve = [{ k: 2, inertia: model.inertia, msd: model.msd, silhouette: 0.9 }];
    const record = toModelRecord(model, {
      featureNames: ['recency_n', 'frequency_n', 'monetary_n'],
      seed: 3,
      dataFingerprint: SAMPLE_FINGERPRINT,
      createdAt,
      selection: { criterion: 'silhouette', curve },
    });
    expect(record).toEqual({
      created_at: '2026-03-04T05:06:07.000Z',
      k: 2,
      feature_names: ['recency_n', 'frequency_n', 'monetary_n'],
      centroids: [
        Array.from(model.centroids.subarray(0, 3)),
        Array.from(model.centroids.subarray(3)),
      ],
      inertia: model.inertia,
      msd: model.msd,
      iterations: model.iterations,
      restarts: 2,
      seed: 3,
      n: 100,
      sizes: [50, 50],
      data_fingerprint: SAMPLE_FINGERPRINT,
      selection: { criterion: 'silhouette', curve },
    });

    const root = await mkdtemp(join(tmpdir(), 'registry-test-'));
    try {
      const registry = new ModelFolder(root);
      const stored = await registry.register(record);
      expect(await registry.get(stored.version)).toEqual({ ...record, version: 1 });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('needs one feature name per dimension', () => {
    const model = trainKMeans(new Float64Array([0, 0, 1, 1]), 2, { k: 2, seed: 1, restarts: 1 });
    expect(() =>
      toModelRecord(model, {
        featureNames: ['a'],
        seed: 1,
        dataFingerprint: SAMPLE_FINGERPRINT,
        createdAt: new Date(),
      }),
    ).toThrow(/one name per feature/);
  });
});
