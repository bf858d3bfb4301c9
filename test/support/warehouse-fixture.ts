/** Warehouse fixtures for a test block: opened in its beforeAll, closed in its afterAll. */
import type { Loader } from '../../actions/lib/load/loader.js';
import type { PgliteWarehouse } from '../../actions/lib/warehouse/pglite.js';
import type { Warehouse } from '../../actions/lib/warehouse/warehouse.js';
import { openedForBlock, tempFolder } from './block-fixture.js';
import { migratedWarehouse } from './warehouse.js';

export interface WarehouseFixture<W extends Warehouse> {
  /** The block's warehouse. */
  readonly wh: W;
  /** An empty temporary folder for the block's files, removed after the block. */
  readonly dir: string;
}

export interface LoaderFixture<W extends Warehouse> extends WarehouseFixture<W> {
  /** The loader the backend gives the block's warehouse. */
  readonly loader: Loader;
}

/**
 * Registers hooks in the calling block: a temporary folder, then `open` given it, before the
 * block's tests; the warehouse is closed and the folder removed after them. Hooks the block
 * registers later run after `open`, so they can fill the warehouse.
 */
function openedWithFolder<T extends { readonly wh: Warehouse }>(
  open: (dir: string) => Promise<T>,
): () => T & { readonly dir: string } {
  const folder = tempFolder('warehouse-block');
  const opened = openedForBlock(
    () => open(folder.path),
    ({ wh }) => wh.close(),
  );
  return () => ({ ...opened(), dir: folder.path });
}

class OpenedWarehouse<W extends Warehouse> implements WarehouseFixture<W> {
  constructor(private readonly opened: () => WarehouseFixture<W>) {}
  get wh(): W {
    return this.opened().wh;
  }
  get dir(): string {
    return this.opened().dir;
  }
}

class OpenedLoader<W extends Warehouse> extends OpenedWarehouse<W> implements LoaderFixture<W> {
  constructor(private readonly openedWithLoader: () => LoaderFixture<W>) {
    super(openedWithLoader);
  }
  get loader(): Loader {
    return this.openedWithLoader().loader;
  }
}

/** The warehouse `open` gives the calling block (see `openedWithFolder`). */
export function warehouseForBlock<W extends Warehouse>(
  open: (dir: string) => Promise<W>,
): WarehouseFixture<W> {
  return new OpenedWarehouse(openedWithFolder(async (dir) => ({ wh: await open(dir) })));
}

/** The warehouse and loader `open` gives the calling block (see `openedWithFolder`). */
export function loaderForBlock<W extends Warehouse>(
  open: (dir: string) => Promise<{ readonly wh: W; readonly loader: Loader }>,
): LoaderFixture<W> {
  return new OpenedLoader(openedWithFolder(open));
}

/** The migrated in-memory PGlite of test/support/warehouse.ts, for the calling block. */
export const migratedWarehouseForBlock = (): WarehouseFixture<PgliteWarehouse> =>
  warehouseForBlock(() => migratedWarehouse());
