/**
 * Imports point down only. The layers, lowest first:
 *
 *   contracts/              what the stacks and the pipeline must agree on (names, schemas, outputs)
 *   actions/lib/<module>/   the pipeline, itself layered by LIB_LAYERS below
 *   stacks/ | actions/{cli,shared,<action>}/, actions/workshop.ts   shells side by side
 *
 * A file may import its own layer or a lower one, never a higher one or a sibling; the stacks import
 * only contracts/.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { importViolation as violation, layerOf, type Layer } from '../support/layers.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Edge {
  readonly from: string;
  readonly to: string;
}

/** Every relative import (static, dynamic and `export … from`) of the tracked sources. */
function importEdges(): Edge[] {
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', 'contracts', 'actions', 'stacks'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((f) => f.endsWith('.ts'));
  return files.flatMap((from) =>
    ts
      .preProcessFile(readFileSync(join(ROOT, from), 'utf8'), true, true)
      .importedFiles.map((i) => i.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({
        from,
        to: relative(ROOT, resolve(ROOT, dirname(from), spec.replace(/\.js$/, '.ts'))),
      })),
  );
}

test('every source file belongs to a layer', () => {
  const unplaced = importEdges()
    .flatMap((e) => [e.from, e.to])
    .filter((f) => layerOf(f) === undefined);
  expect([...new Set(unplaced)]).toEqual([]);
});

test('imports point down only', () => {
  const problems = importEdges().flatMap(({ from, to }) => {
    const why = violation(layerOf(from)!, layerOf(to)!);
    return why === undefined ? [] : [`${from} → ${to}: ${why}`];
  });
  expect(problems).toEqual([]);
});

test('the layering check itself catches an upward and a sideways import', () => {
  const at = (f: string): Layer => layerOf(f)!;
  expect(violation(at('contracts/naming.ts'), at('stacks/app.ts'))).toMatch(/upward/);
  expect(
    violation(at('actions/lib/warehouse/pglite.ts'), at('actions/lib/load/report.ts')),
  ).toMatch(/upward/);
  expect(violation(at('stacks/app.ts'), at('actions/lib/gitops/targets.ts'))).toMatch(/only/);
  expect(violation(at('stacks/app.ts'), at('contracts/naming.ts'))).toBeUndefined();
  expect(violation(at('actions/cli/run.ts'), at('actions/train-kmeans/run.ts'))).toMatch(/sibling/);
  expect(violation(at('actions/lib/load/report.ts'), at('actions/lib/score/segments.ts'))).toMatch(
    /upward/,
  );
  expect(violation(at('actions/lib/pipeline/run.ts'), at('actions/lib/load/report.ts'))).toBe(
    undefined,
  );
});
