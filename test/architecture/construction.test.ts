/**
 * One place opens a team's backend: outside `actions/lib/pipeline/aws-clients.ts` no product code
 * constructs an AWS SDK client, outside the backend modules (`backend-local.ts`, `backend-aws.ts`)
 * none constructs or opens a warehouse, and only `openTeamBackend` (backend.ts) imports those.
 * (Tests and benchmarks build their own: they are harnesses, not the product.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLIENT_FACTORY = 'actions/lib/pipeline/aws-clients.ts';
const BACKEND_FACTORY = 'actions/lib/pipeline/backend.ts';
const LOCAL_BACKEND = 'actions/lib/pipeline/backend-local.ts';
const AWS_BACKEND = 'actions/lib/pipeline/backend-aws.ts';

/**
 * The names a source takes from modules whose specifier matches `from`: `import { A, B as C } from`
 * and `const { A, B: C } = await import(…)`, each as it is called in the source (`C` for `B as C`
 * or `B: C`), with whether it was marked `type`.
 */
function importedNames(source: string, from: string): { name: string; typeOnly: boolean }[] {
  const statement = new RegExp(
    `(?:import\\s*\\{([^{}]*)\\}\\s*from\\s*|\\{([^{}]*)\\}\\s*=\\s*await\\s+import\\(\\s*)'${from}'`,
    'g',
  );
  return [...source.matchAll(statement)].flatMap((m) =>
    (m[1] ?? m[2] ?? '')
      .split(',')
      .filter((part) => part.trim() !== '')
      .map((part) => ({
        name: part
          .replace(/^\s*type\s+/, '')
          .split(/\s+as\s+|:/)
          .pop()!
          .trim(),
        typeOnly: /^\s*type\s/.test(part),
      })),
  );
}

/** `new FooClient(` where FooClient is imported from an AWS SDK package. */
function awsClientConstructions(source: string): string[] {
  const imported = new Set(importedNames(source, "@aws-sdk\\/[^']+").map((i) => i.name));
  return [...source.matchAll(/new\s+(\w+Client)\s*\(/g)]
    .map((m) => m[1]!)
    .filter((name) => imported.has(name));
}

/**
 * `new X(`, `X.open(`, `X.connect(` or `X.create(` of a class imported from the warehouse module
 * (`actions/lib/warehouse/`).
 */
function warehouseConstructions(source: string): string[] {
  const classes = new Set(
    importedNames(source, "[^']*\\/warehouse\\/[^']+")
      .filter((i) => !i.typeOnly)
      .map((i) => i.name),
  );
  return [...source.matchAll(/new\s+(\w+)\s*\(|\b(\w+)\.(open|connect|create)\s*\(/g)]
    .filter((m) => classes.has(m[1] ?? m[2] ?? ''))
    .map((m) => m[0]);
}

/** Product sources (not their own definitions), each with what it constructs. */
interface Constructions {
  readonly file: string;
  readonly source: string;
  readonly clients: string[];
  readonly warehouses: string[];
}

/** Product sources (not their own definitions), each with what it constructs. */
function constructions(): Constructions[] {
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
        source,
        clients: awsClientConstructions(source),
        warehouses: warehouseConstructions(source).filter(
          (c) => ![...own].some((name) => c.includes(name)),
        ),
      };
    });
}

const byFile = (): Map<string, Constructions> => new Map(constructions().map((c) => [c.file, c]));

test('only the client factory constructs AWS SDK clients', () => {
  const found = constructions()
    .filter((c) => c.file !== CLIENT_FACTORY && c.clients.length > 0)
    .map((c) => `${c.file}: ${c.clients.join(', ')}`);
  expect(found).toEqual([]);
});

test('only the backend modules open a warehouse', () => {
  const found = constructions()
    .filter((c) => c.file !== LOCAL_BACKEND && c.file !== AWS_BACKEND && c.warehouses.length > 0)
    .map((c) => `${c.file}: ${c.warehouses.join(', ')}`);
  expect(found).toEqual([]);
});

test('only openTeamBackend imports the backend modules', () => {
  const backendModule = /['"][^'"]*\/backend-(local|aws)\.js['"]/;
  const found = constructions()
    .filter((c) => c.file !== BACKEND_FACTORY && backendModule.test(c.source))
    .map((c) => c.file);
  expect(found).toEqual([]);
  expect(byFile().get(BACKEND_FACTORY)?.source).toMatch(backendModule);
});

test('the factories do construct them, so the patterns above can match', () => {
  const files = byFile();
  expect(files.get(CLIENT_FACTORY)?.clients).toEqual(
    expect.arrayContaining([
      'RedshiftDataClient',
      'S3Client',
      'SageMakerClient',
      'QuickSightClient',
    ]),
  );
  expect(files.get(LOCAL_BACKEND)?.warehouses.join(' ')).toMatch(/DuckDbWarehouse\.open/);
  expect(files.get(LOCAL_BACKEND)?.warehouses.join(' ')).toMatch(/PostgresWarehouse\.connect/);
  expect(files.get(AWS_BACKEND)?.warehouses.join(' ')).toMatch(/new RedshiftDataWarehouse/);
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
  expect(
    warehouseConstructions(
      "const { PostgresWarehouse: Pg } = await import('../warehouse/postgres.js');\nawait Pg.connect(url);",
    ),
  ).toEqual(['Pg.connect(']);
  expect(
    awsClientConstructions(
      "const { S3Client } = await import('@aws-sdk/client-s3');\nconst s3 = new S3Client({});",
    ),
  ).toEqual(['S3Client']);
  expect(warehouseConstructions('new RedshiftServerlessWarehouse(this, id, props)')).toEqual([]);
});
