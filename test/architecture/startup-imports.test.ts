/**
 * A local command starts without loading what only AWS or a PostgreSQL server needs: each AWS SDK
 * client takes 0.15–0.3 s to load, `pg` and `tar-stream` less, and `workshop --help` paid for all
 * of them. The CLI entry and the local backend reach them only through a dynamic `import()` at the
 * branch that uses them; this checks the static import graph of the sources. DuckDB (a quarter of
 * a second) is likewise loaded with the local backend, not by commands that never open it.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeImports, staticPackages } from '../support/import-graph.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Loaded on demand only: the AWS SDK, the PostgreSQL client, the model archive's reader. */
const ON_DEMAND = /^(@aws-sdk\/.*|pg|tar-stream)$/;

/** `package ← entry → … → importer` for each package matching `names` that `entry` loads. */
const reached = (entry: string, names = ON_DEMAND): string[] =>
  staticPackages(ROOT, entry)
    .filter((p) => names.test(p.name))
    .map((p) => `${p.name} ← ${p.via.join(' → ')}`);

test.each([
  ['the CLI (every command, --help)', 'actions/workshop.ts'],
  ['the local backend', 'actions/lib/pipeline/backend-local.ts'],
  ['the backend dispatcher', 'actions/lib/pipeline/backend.ts'],
])('%s loads no AWS SDK, pg or tar-stream before it needs them', (_what, entry) => {
  expect(reached(entry)).toEqual([]);
});

test('the CLI loads DuckDB with the local backend only', () => {
  expect(reached('actions/workshop.ts', /^@duckdb\//)).toEqual([]);
});

test('the graph does reach them where they are used, so the check above can fail', () => {
  const awsPackages = staticPackages(ROOT, 'actions/lib/pipeline/backend-aws.ts').map(
    (p) => p.name,
  );
  expect(awsPackages).toEqual(
    expect.arrayContaining(['@aws-sdk/client-redshift-data', '@aws-sdk/client-s3', 'tar-stream']),
  );
  expect(reached('actions/lib/pipeline/backend-local.ts', /^@duckdb\//)).not.toEqual([]);
  expect(reached('actions/lib/warehouse/postgres.ts')).toEqual([
    'pg ← actions/lib/warehouse/postgres.ts',
  ]);
});

test('only the imports Node loads count: not type-only ones, not dynamic ones', () => {
  const source = [
    "import type { S3Client } from '@aws-sdk/client-s3';",
    "import { type QuickSightClient } from '@aws-sdk/client-quicksight';",
    "import { SageMakerClient } from '@aws-sdk/client-sagemaker';",
    "import { Upload, type Progress } from '@aws-sdk/lib-storage';",
    "import pg from 'pg';",
    "export { extract } from 'tar-stream';",
    "export type { Row } from './warehouse.js';",
    'export let client: S3Client | QuickSightClient | SageMakerClient | undefined;',
    'export const upload = (p: Progress) => new Upload(p as never);',
    'export const Pool = pg.Pool;',
    "export const load = () => import('./postgres.js');",
  ].join('\n');
  expect(runtimeImports(source)).toEqual(['@aws-sdk/lib-storage', 'pg', 'tar-stream']);
});
