/** The layers of the source tree, lowest first; see test/architecture/layers.test.ts. */

/**
 * The pipeline's modules under actions/lib, lowest first; a module may import modules of lower
 * entries, never of its own entry (siblings) or higher ones.
 */
export const LIB_LAYERS: readonly (readonly string[])[] = [
  ['random', 'wait', 'sql', 'csv', 'sources'],
  ['warehouse'],
  ['migrations', 'load', 'sample-data', 'clv'],
  ['segmentation', 'score', 'dashboards', 'gitops'],
  ['pipeline'],
];

export interface Layer {
  /** `contracts`, `lib/<module>`, `shared`, or a shell: `stacks`, `cli`, `<action>`. */
  readonly name: string;
  readonly rank: number;
}

const SHARED_RANK = LIB_LAYERS.length + 1;
const SHELL_RANK = LIB_LAYERS.length + 2;

/** The layer of a repository-relative source path, or undefined when it has none. */
export function layerOf(file: string): Layer | undefined {
  const parts = file.split('/');
  if (parts[0] === 'contracts') return { name: 'contracts', rank: 0 };
  if (parts[0] === 'stacks') return { name: 'stacks', rank: SHELL_RANK };
  if (parts[0] !== 'actions' || parts.length < 2) return undefined;
  if (parts[1] === 'lib') {
    const module = (parts[2] ?? '').replace(/\.ts$/, '');
    const index = LIB_LAYERS.findIndex((entry) => entry.includes(module));
    return index < 0 ? undefined : { name: `lib/${module}`, rank: index + 1 };
  }
  if (parts[1] === 'shared') return { name: 'shared', rank: SHARED_RANK };
  if (parts[1] === 'workshop.ts' || parts[1] === 'cli') return { name: 'cli', rank: SHELL_RANK };
  return { name: parts[1] as string, rank: SHELL_RANK };
}

/** Why a file of layer `from` may not import one of layer `to`, or undefined when it may. */
export function importViolation(from: Layer, to: Layer): string | undefined {
  if (from.name === to.name) return undefined;
  if (from.name === 'stacks' && to.name !== 'contracts') return 'the stacks import only contracts/';
  if (to.rank > from.rank) return `${from.name} (layer ${from.rank}) imports upward`;
  if (to.rank === from.rank) return `${from.name} imports its sibling ${to.name}`;
  return undefined;
}
