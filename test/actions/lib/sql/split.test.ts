import { splitStatements } from '../../../../actions/lib/sql/split.js';
import { SqlSyntaxError } from '../../../../actions/lib/sql/tokenize.js';

const FILE = 'sql/migrations/V001__x.sql';

describe('splitStatements', () => {
  it('splits at top-level semicolons and drops the semicolons', () => {
    expect(splitStatements('select 1;\nselect 2;select 3', FILE)).toEqual([
      { sql: 'select 1', file: FILE, line: 1 },
      { sql: 'select 2', file: FILE, line: 2 },
      { sql: 'select 3', file: FILE, line: 2 },
    ]);
  });

  it('does not split inside strings, quoted identifiers, dollar quotes or comments', () => {
    const sql = [
      "select 'a;b', E'c\\';d' as \"e;f\";",
      'create function f() returns int as $body$ begin; return 1; end $body$ language plpgsql;',
      'select 1 /* x; y */ + 2 -- z; w',
      ';',
    ].join('\n');
    expect(splitStatements(sql).map((s) => s.sql)).toEqual([
      "select 'a;b', E'c\\';d' as \"e;f\"",
      'create function f() returns int as $body$ begin; return 1; end $body$ language plpgsql',
      'select 1 /* x; y */ + 2',
    ]);
  });

  it('does not split inside parentheses', () => {
    expect(
      splitStatements('create rule r as on insert to t do also (notify a; notify b); select 1'),
    ).toEqual([
      { sql: 'create rule r as on insert to t do also (notify a; notify b)', line: 1 },
      { sql: 'select 1', line: 1 },
    ]);
  });

  it('starts a statement at its first real token, after leading comments', () => {
    const sql =
      '-- header\n\n/* block\n   comment */\n  create table t (\n    a int -- inline\n  )\n;';
    expect(splitStatements(sql, FILE)).toEqual([
      { sql: 'create table t (\n    a int -- inline\n  )', file: FILE, line: 5 },
    ]);
  });

  it('counts lines across multi-line strings and comments', () => {
    const sql = "select 'one\ntwo\nthree';\n/* a\nb */ select 2;\n\n\nselect $$\n$$; select 4";
    expect(splitStatements(sql).map((s) => s.line)).toEqual([1, 5, 8, 9]);
  });

  it('drops empty and comment-only statements', () => {
    const sql = ';;\n-- only a comment\n;\n/* and another */;\n  \nselect 1;\n-- trailing note\n';
    expect(splitStatements(sql, FILE)).toEqual([{ sql: 'select 1', file: FILE, line: 6 }]);
    expect(splitStatements('')).toEqual([]);
  });

  it('keeps interior comments and drops trailing ones', () => {
    expect(splitStatements('select 1, -- one\n 2 /* two */ -- end\n;')).toEqual([
      { sql: 'select 1, -- one\n 2', line: 1 },
    ]);
  });

  it('leaves out file when none is given', () => {
    expect(splitStatements('select 1')[0]).toEqual({ sql: 'select 1', line: 1 });
  });

  it.each([
    ['string', "select 1;\nselect 'oops;\nselect 2;", 2],
    ['quoted identifier', 'select 1;\n\nselect "oops;', 3],
    ['block comment', '/* fine */ select 1;\n/* open\nselect 2;', 2],
    ['dollar quote', 'select 1;\nselect 2;\n\n\ndo $$ begin; end;', 5],
  ])('reports an unterminated %s with file:line of its start', (_kind, sql, line) => {
    expect(() => splitStatements(sql, FILE)).toThrow(SqlSyntaxError);
    expect(() => splitStatements(sql, FILE)).toThrow(new RegExp(`^${FILE}:${line}: unterminated`));
  });
});
