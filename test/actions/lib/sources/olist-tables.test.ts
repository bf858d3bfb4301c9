/**
 * The source definition the loader checks and the generator writes is the schema that
 * `V001__create_source_tables.sql` creates: same tables, columns in order, types, lengths,
 * NOT NULL and primary keys.
 */
import { expect, test } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SOURCE_TABLES, type ColumnSpec } from '../../../../actions/lib/sources/olist-tables.js';
import { SAMPLE_COLUMNS, SAMPLE_FILES } from '../../../../actions/lib/sample-data/generate.js';
import { MIGRATIONS_DIR } from '../../../support/warehouse.js';

interface DeclaredTable {
  readonly columns: { name: string; type: string; notNull: boolean }[];
  readonly key: string[];
}

/** The CREATE TABLE statements of a migration: column name, declared type, NOT NULL, primary key. */
function createdTables(sql: string): Map<string, DeclaredTable> {
  const tables = new Map<string, DeclaredTable>();
  for (const m of sql.matchAll(/create table (\w+) \(\n([\s\S]*?)\n\)/g)) {
    const columns: DeclaredTable['columns'] = [];
    let key: string[] = [];
    for (const line of m[2]!.split('\n').map((l) => l.trim().replace(/,$/, ''))) {
      const pk = /^primary key \(([^)]*)\)$/.exec(line);
      if (pk !== null) key = pk[1]!.split(',').map((c) => c.trim());
      else {
        const col = /^(\w+) (\w+(?:\(\d+(?:, \d+)?\))?)( not null)?/.exec(line)!;
        columns.push({ name: col[1]!, type: col[2]!, notNull: col[3] !== undefined });
      }
    }
    tables.set(m[1]!, { columns, key });
  }
  return tables;
}

/** The SQL type a column definition stands for. */
function sqlType(c: ColumnSpec): string {
  switch (c.type) {
    case 'id':
      return `varchar(${c.length})`;
    case 'text':
      return c.fixed === true ? `char(${c.length})` : `varchar(${c.length})`;
    case 'integer':
      return 'integer';
    case 'decimal':
      return `decimal(${c.decimal!.join(', ')})`;
    case 'timestamp':
      return 'timestamp';
  }
}

test('SOURCE_TABLES is the schema V001 creates', async () => {
  const declared = createdTables(
    await readFile(join(MIGRATIONS_DIR, 'V001__create_source_tables.sql'), 'utf8'),
  );
  expect([...declared.keys()]).toEqual(SOURCE_TABLES.map((t) => t.table));
  for (const spec of SOURCE_TABLES) {
    const table = declared.get(spec.table)!;
    expect({ table: spec.table, columns: table.columns, key: table.key }).toEqual({
      table: spec.table,
      columns: spec.columns.map((c) => ({ name: c.name, type: sqlType(c), notNull: c.required })),
      key: [...spec.key],
    });
  }
});

test('the sample generator writes the files and columns of the same definition', () => {
  for (const spec of SOURCE_TABLES) {
    expect(SAMPLE_FILES[spec.table]).toBe(spec.file);
    expect(SAMPLE_COLUMNS[spec.table]).toEqual(spec.columns.map((c) => c.name));
  }
});

test('the parser sees a changed migration', () => {
  const changed = createdTables(
    'create table orders (\n    order_id varchar(36) not null encode zstd,\n    primary key (order_id)\n)',
  );
  expect(changed.get('orders')).toEqual({
    columns: [{ name: 'order_id', type: 'varchar(36)', notNull: true }],
    key: ['order_id'],
  });
});
