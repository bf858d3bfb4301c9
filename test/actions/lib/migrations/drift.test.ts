import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMigrations, migrationDrift } from '../../../../actions/lib/migrations/drift.js';
import { readMigrations } from '../../../../actions/lib/migrations/files.js';
import { grantHistoryRead } from '../../../../actions/lib/migrations/history-access.js';
import { migrate } from '../../../../actions/lib/migrations/runner.js';
import { DuckDbWarehouse } from '../../../../actions/lib/warehouse/duckdb.js';
import type { Warehouse } from '../../../../actions/lib/warehouse/warehouse.js';
import { freshPglite } from '../../../support/pglite.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'migration-drift-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const put = (name: string, sql: string) => writeFile(join(dir, name), sql);
const kinds = (drift: { findings: readonly { kind: string; script: string }[] }) =>
  drift.findings.map((f) => `${f.kind} ${f.script}`);

describe('migration drift on a local warehouse (DuckDB)', () => {
  let wh: DuckDbWarehouse;
  beforeEach(async () => {
    wh = await DuckDbWarehouse.open();
  });
  afterEach(async () => wh.close());

  test('a warehouse never migrated: one finding, and the check creates nothing', async () => {
    await put('V001__one.sql', 'create table one (id integer);\n');
    const drift = await checkMigrations(wh, await readMigrations(dir));
    expect(kinds(drift)).toEqual(['never-migrated schema_migrations']);
    expect(drift.findings[0]?.detail).toContain('applies all 1 files');
    // readHistory would have created the table; the check only reads.
    await expect(wh.query('select * from schema_migrations')).rejects.toThrow(/does not exist/);
  });

  test('in sync right after migrate, then each kind of difference once', async () => {
    await put('V001__one.sql', 'create table one (id integer);\n');
    await put('V002__two.sql', 'create table two (id integer);\n');
    await put('V004__four.sql', 'create table four (id integer);\n');
    await put('R__10_v.sql', 'drop view if exists v;\ncreate view v as select id from one;\n');
    await put('R__20_w.sql', 'drop view if exists w;\ncreate view w as select id from two;\n');
    await migrate(wh, await readMigrations(dir));
    expect(await checkMigrations(wh, await readMigrations(dir))).toEqual({
      findings: [],
      historyRows: 5,
      files: 5,
    });

    await put('V001__one.sql', 'create table one (id bigint);\n'); // edited after apply
    await rm(join(dir, 'V002__two.sql')); // applied, file gone
    await put('V003__three.sql', 'create table three (id integer);\n'); // older than V004
    await put('V005__five.sql', 'create table five (id integer);\n'); // pending
    await put('R__10_v.sql', 'drop view if exists v;\ncreate view v as select 1 as id;\n');
    await rm(join(dir, 'R__20_w.sql')); // repeatable applied, file gone
    await put('R__30_x.sql', 'drop view if exists x;\ncreate view x as select 1 as id;\n');

    const drift = await checkMigrations(wh, await readMigrations(dir));
    expect(kinds(drift).sort()).toEqual(
      [
        'edited V001__one.sql',
        'no-file V002__two.sql',
        'out-of-order V003__three.sql',
        'pending V005__five.sql',
        'repeatable-changed R__10_v.sql',
        'no-file R__20_w.sql',
        'repeatable-changed R__30_x.sql',
      ].sort(),
    );
    const detail = (script: string) => drift.findings.find((f) => f.script === script)?.detail;
    expect(detail('V001__one.sql')).toMatch(
      /applied with checksum [0-9a-f]{12}…, the file now has/,
    );
    expect(detail('V003__three.sql')).toContain('renumber it after 4');
    expect(detail('R__30_x.sql')).toBe('never applied; the next deploy applies it');
    // Nothing was applied by the check.
    await expect(wh.query('select * from five')).rejects.toThrow(/does not exist/);
  });
});

test('a history row of an old checksum with trailing blanks (char(64) on Redshift) is no drift', () => {
  const file = {
    type: 'versioned' as const,
    version: 1,
    description: 'one',
    name: 'V001__one.sql',
    script: 'sql/migrations/V001__one.sql',
    checksum: 'a'.repeat(64),
    statements: [],
  };
  const row = {
    installed_rank: 1,
    version: 1,
    description: 'one',
    type: 'versioned' as const,
    script: 'V001__one.sql',
    checksum: `${'a'.repeat(64)}  `,
  };
  expect(migrationDrift([file], [row]).findings).toEqual([]);
  expect(migrationDrift([{ ...file, checksum: 'b'.repeat(64) }], [row]).findings).toHaveLength(1);
});

test('an identity that may not read the history is told which grant lets it', async () => {
  const denied: Warehouse = {
    kind: 'redshift',
    query: () =>
      Promise.reject(new Error('ERROR: permission denied for relation schema_migrations')),
    transaction: () => Promise.reject(new Error('not expected')),
    close: async () => undefined,
  };
  await expect(checkMigrations(denied, [])).rejects.toThrow(
    /cannot read schema_migrations \(ERROR: permission denied.*\); every AWS migrate grants SELECT on it to PUBLIC/,
  );
});

test('after the grants, a user with only PUBLIC privileges reads the history and cannot create tables', async () => {
  const wh = await freshPglite();
  try {
    await put('V001__one.sql', 'create table one (id integer);\n');
    await migrate(wh, await readMigrations(dir));
    await wh.query('create role "IAMR:workshop-acme-drift"');
    // Redshift's default (PostgreSQL 15 and later no longer grant it): everyone may create in public.
    await wh.query('grant create on schema public to public');
    const asDriftUser = async (sql: string) => {
      await wh.query('set role "IAMR:workshop-acme-drift"');
      try {
        return await wh.query(sql);
      } finally {
        await wh.query('reset role');
      }
    };
    await expect(asDriftUser('select script from schema_migrations')).rejects.toThrow(
      /permission denied/,
    );
    await asDriftUser('create table before_grants (id integer)');
    await grantHistoryRead(wh);
    await grantHistoryRead(wh); // idempotent
    expect(await asDriftUser('select script from schema_migrations')).toEqual([
      { script: 'V001__one.sql' },
    ]);
    await expect(asDriftUser('create table mine (id integer)')).rejects.toThrow(
      /permission denied/,
    );
    await expect(asDriftUser('select * from one')).rejects.toThrow(/permission denied/);
  } finally {
    await wh.close();
  }
});
