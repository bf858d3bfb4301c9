/**
 * One place opens a team's backend: outside `actions/lib/pipeline/aws-clients.ts` no product code
 * constructs an AWS SDK client, and outside `actions/lib/pipeline/backend.ts` none constructs or
 * opens a warehouse. (Tests and benchmarks build their own: they are harnesses, not the product.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLIENT_FACTORY = 'actions/lib/pipeline/aws-clients.ts';
const BACKEND_FACTORY = 'actions/lib/pipeline/backend.ts';

/** `new FooClient(` where FooClient is imported from an AWS SDK package. */
function awsClientConstructions(source: string): string[] {
  const imported = new Set<string>();
  for (const m of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/[^']+'/g))
    for (const name of (m[1] ?? '').split(','))
      imported.add(
        name
          .replace(/^\s*type\s+/, '')
          .split(/\s+as\s+/)
          .pop()!
          .trim(),
      );
  return [...source.matchAll(/new\s+(\w+Client)\s*\(/g)]
    .map((m) => m[1]!)
    .filter((name) => imported.has(name));
}

/**
 * `new X(`, `X.open(`, `X.connect(` or `X.create(` of a class imported from the warehouse module
 * (`actions/lib/warehouse/`).
 */
function warehouseConstructions(source: string): string[] {
  const classes = new Set<string>();
  for (const m of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'[^']*\/warehouse\/[^']+'/g))
    for (const name of (m[1] ?? '').split(','))
      if (!/^\s*type\s/.test(name))
        classes.add(
          name
            .split(/\s+as\s+/)
            .pop()!
            .trim(),
        );
  return [...source.matchAll(/new\s+(\w+)\s*\(|\b(\w+)\.(open|connect|create)\s*\(/g)]
    .filter((m) => classes.has(m[1] ?? m[2] ?? ''))
    .map((m) => m[0]);
}

/** Product sources (not their own definitions), each with what it constructs. */
function constructions(): { file: string; clients: string[]; warehouses: string[] }[] {
  return execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', 'actions', 'contracts', 'stacks'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((f) => f.endsWith('.ts'))
    .map((file) => {
      const source = readFileSync(join(ROOT, file), 'utf8');
      // A warehouse class's own static constructor (`static async open(`) calls `new` on itself.
      const own = new Set([...source.matchAll(/export class (\w+Warehouse)\b/g)].map((m) => m[1]!));
      return {
        file,
        clients: awsClientConstructions(source),
        warehouses: warehouseConstructions(source).filter(
          (c) => ![...own].some((name) => c.includes(name)),
        ),
      };
    });
}

test('only the client factory constructs AWS SDK clients', () => {
  const found = constructions()
    .filter((c) => c.file !== CLIENT_FACTORY && c.clients.length > 0)
    .map((c) => `${c.file}: ${c.clients.join(', ')}`);
  expect(found).toEqual([]);
});

test('only the backend factory opens a warehouse', () => {
  const found = constructions()
    .filter((c) => c.file !== BACKEND_FACTORY && c.warehouses.length > 0)
    .map((c) => `${c.file}: ${c.warehouses.join(', ')}`);
  expect(found).toEqual([]);
});

test('the factories do construct them, so the patterns above can match', () => {
  const byFile = new Map(constructions().map((c) => [c.file, c]));
  expect(byFile.get(CLIENT_FACTORY)?.clients).toEqual(
    expect.arrayContaining([
      'RedshiftDataClient',
      'S3Client',
      'SageMakerClient',
      'QuickSightClient',
    ]),
  );
  expect(byFile.get(BACKEND_FACTORY)?.warehouses.join(' ')).toMatch(/PgliteWarehouse\.open/);
  expect(
    awsClientConstructions(
      "import { S3Client as S } from '@aws-sdk/client-s3';\nconst s3 = new S({});\nnew S3Client({});",
    ),
  ).toEqual([]);
  expect(
    awsClientConstructions(
      "import { type S3Client, S3Client } from '@aws-sdk/client-s3';\nnew S3Client({});",
    ),
  ).toEqual(['S3Client']);
  expect(
    warehouseConstructions(
      "import { PostgresWarehouse } from '../lib/warehouse/postgres.js';\nawait PostgresWarehouse.connect(url);",
    ),
  ).toHaveLength(1);
  expect(warehouseConstructions('new RedshiftServerlessWarehouse(this, id, props)')).toEqual([]);
});
