/**
 * What Node loads when it loads a source module: the static imports left after TypeScript drops
 * the type-only ones (`import type`, and imports whose names are used as types only), followed
 * through the repository's own modules. Dynamic `import()` is not followed: it loads on demand.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The module specifiers of `source`'s static `import … from` and `export … from` statements as
 * compiled: the ones TypeScript elides (type-only) are not among them.
 */
export function runtimeImports(source: string, fileName = 'module.ts'): string[] {
  const { outputText } = ts.transpileModule(source, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
  });
  const compiled = ts.createSourceFile(
    fileName.replace(/\.ts$/, '.js'),
    outputText,
    ts.ScriptTarget.ES2022,
  );
  return compiled.statements.flatMap((statement) =>
    (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
    statement.moduleSpecifier !== undefined &&
    ts.isStringLiteral(statement.moduleSpecifier)
      ? [statement.moduleSpecifier.text]
      : [],
  );
}

/** The package a bare specifier names: `@aws-sdk/client-s3` for `@aws-sdk/client-s3/dist/x`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** One package a module loads, with the chain of repository modules that loads it. */
export interface PackageReach {
  readonly name: string;
  /** Repository-relative paths, the entry first, the module importing the package last. */
  readonly via: readonly string[];
}

/** `runtimeImports` of each file read so far, by absolute path. */
const importsOfFile = new Map<string, string[]>();

function fileImports(root: string, file: string): string[] {
  const path = join(root, file);
  let found = importsOfFile.get(path);
  if (found === undefined) {
    found = runtimeImports(readFileSync(path, 'utf8'), file);
    importsOfFile.set(path, found);
  }
  return found;
}

/**
 * Every package (bare specifier, `node:` built-ins excluded) that loading `entry` (a
 * repository-relative `.ts` path under `root`) loads statically, each with the first chain found
 * (breadth first, so a shortest one).
 */
export function staticPackages(root: string, entry: string): PackageReach[] {
  const chains = new Map<string, readonly string[]>([[entry, [entry]]]);
  const packages = new Map<string, PackageReach>();
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const via = chains.get(file)!;
    for (const spec of fileImports(root, file)) {
      if (spec.startsWith('.')) {
        const target = relative(root, resolve(root, dirname(file), spec.replace(/\.js$/, '.ts')));
        if (!chains.has(target)) {
          chains.set(target, [...via, target]);
          queue.push(target);
        }
      } else if (!spec.startsWith('node:') && !packages.has(packageName(spec))) {
        packages.set(packageName(spec), { name: packageName(spec), via });
      }
    }
  }
  return [...packages.values()];
}
