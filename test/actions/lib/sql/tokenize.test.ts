import fc from 'fast-check';

import {
  SqlSyntaxError,
  isTrivia,
  tokenize,
  wordOf,
  type Token,
  type TokenKind,
} from '../../../../actions/lib/sql/tokenize.js';

function kinds(sql: string): [TokenKind, string][] {
  return tokenize(sql).map((t) => [t.kind, t.text]);
}

function significant(sql: string): [TokenKind, string][] {
  return tokenize(sql)
    .filter((t) => !isTrivia(t))
    .map((t) => [t.kind, t.text]);
}

function syntaxError(sql: string, file?: string): SqlSyntaxError {
  try {
    tokenize(sql, file === undefined ? {} : { file });
  } catch (e) {
    if (e instanceof SqlSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected a syntax error for ${sql}`);
}

describe('tokenize', () => {
  it.each<[string, (sql: string) => [TokenKind, string][], string, [TokenKind, string][]]>([
    [
      'recognises every token kind',
      kinds,
      `select "a""b", 'it''s', E'x\\'y', $$a$$, 1.5e3, $1, a::int -- c\n/* b */`,
      [
        ['word', 'select'],
        ['whitespace', ' '],
        ['quoted_identifier', '"a""b"'],
        ['operator', ','],
        ['whitespace', ' '],
        ['string', "'it''s'"],
        ['operator', ','],
        ['whitespace', ' '],
        ['string', "E'x\\'y'"],
        ['operator', ','],
        ['whitespace', ' '],
        ['dollar_string', '$$a$$'],
        ['operator', ','],
        ['whitespace', ' '],
        ['number', '1.5e3'],
        ['operator', ','],
        ['whitespace', ' '],
        ['param', '$1'],
        ['operator', ','],
        ['whitespace', ' '],
        ['word', 'a'],
        ['operator', '::'],
        ['word', 'int'],
        ['whitespace', ' '],
        ['line_comment', '-- c'],
        ['whitespace', '\n'],
        ['block_comment', '/* b */'],
      ],
    ],
    [
      'reads numbers in their usual spellings',
      significant,
      '1 42 3.14 .5 2. 6e-2 7E+10',
      [
        ['number', '1'],
        ['number', '42'],
        ['number', '3.14'],
        ['number', '.5'],
        ['number', '2.'],
        ['number', '6e-2'],
        ['number', '7E+10'],
      ],
    ],
    [
      'reads operators and punctuation, keeping :: whole',
      significant,
      'a<=b<>c(d,e);f[1].g||h-1:i',
      [
        ['word', 'a'],
        ['operator', '<='],
        ['word', 'b'],
        ['operator', '<>'],
        ['word', 'c'],
        ['operator', '('],
        ['word', 'd'],
        ['operator', ','],
        ['word', 'e'],
        ['operator', ')'],
        ['operator', ';'],
        ['word', 'f'],
        ['operator', '['],
        ['number', '1'],
        ['operator', ']'],
        ['operator', '.'],
        ['word', 'g'],
        ['operator', '||'],
        ['word', 'h'],
        ['operator', '-'],
        ['number', '1'],
        ['operator', ':'],
        ['word', 'i'],
      ],
    ],
    [
      'stops an operator before a line comment',
      kinds,
      'a+--c',
      [
        ['word', 'a'],
        ['operator', '+'],
        ['line_comment', '--c'],
      ],
    ],
    [
      'stops an operator before a block comment',
      kinds,
      'a*/*c*/b',
      [
        ['word', 'a'],
        ['operator', '*'],
        ['block_comment', '/*c*/'],
        ['word', 'b'],
      ],
    ],
    [
      'keeps $ inside words and reads identifiers with non-ASCII letters',
      significant,
      'a$b$ é_1 _x',
      [
        ['word', 'a$b$'],
        ['word', 'é_1'],
        ['word', '_x'],
      ],
    ],
    [
      'reads a backslash in a plain string as a character',
      significant,
      `'a\\' 'b'`,
      [
        ['string', `'a\\'`],
        ['string', `'b'`],
      ],
    ],
    [
      'reads a backslash in an E string as an escape',
      significant,
      `e'a\\'b' x`,
      [
        ['string', `e'a\\'b'`],
        ['word', 'x'],
      ],
    ],
    [
      'reads tagged dollar quotes up to the same tag only',
      significant,
      '$fn$ select $$x$$; $other$ $fn$ after',
      [
        ['dollar_string', '$fn$ select $$x$$; $other$ $fn$'],
        ['word', 'after'],
      ],
    ],
    [
      'nests block comments as PostgreSQL does',
      kinds,
      '/* a /* b */ c */x',
      [
        ['block_comment', '/* a /* b */ c */'],
        ['word', 'x'],
      ],
    ],
    [
      'keeps the newline out of line comments',
      kinds,
      '-- note\nx',
      [
        ['line_comment', '-- note'],
        ['whitespace', '\n'],
        ['word', 'x'],
      ],
    ],
  ])('%s', (_case, read, sql, expected) => {
    expect(read(sql)).toEqual(expected);
  });

  it('records offsets and 1-based lines across multi-line strings and comments', () => {
    const sql = "select 'a\nb',\n/* c\nd\n*/ x -- e\n$$\n$$ y";
    const at = (text: string): Pick<Token, 'offset' | 'line'> => {
      const t = tokenize(sql).find((k) => k.text === text);
      if (t === undefined) throw new Error(`no token ${text}`);
      return { offset: t.offset, line: t.line };
    };
    expect(at('select')).toEqual({ offset: 0, line: 1 });
    expect(at("'a\nb'")).toEqual({ offset: 7, line: 1 });
    expect(at('/* c\nd\n*/')).toEqual({ offset: 14, line: 3 });
    expect(at('x')).toEqual({ offset: 24, line: 5 });
    expect(at('-- e')).toEqual({ offset: 26, line: 5 });
    expect(at('$$\n$$')).toEqual({ offset: 31, line: 6 });
    expect(at('y')).toEqual({ offset: 37, line: 7 });
  });

  it('starts counting at startLine', () => {
    const lines = tokenize('a\nb\n\nc', { startLine: 10 })
      .filter((t) => t.kind === 'word')
      .map((t) => t.line);
    expect(lines).toEqual([10, 11, 13]);
  });

  it.each([
    ["select 'abc", 'unterminated string literal'],
    ["select E'abc\\'", 'unterminated string literal'],
    ['select "abc', 'unterminated quoted identifier'],
    ['select /* a /* b */', 'unterminated block comment'],
    ['select $tag$ body $$', 'unterminated dollar-quoted string'],
  ])('reports %j as %s at the line where it starts', (tail, detail) => {
    const error = syntaxError(`select 1;\n\n${tail}\nmore\ntext`, 'sql/x.sql');
    expect(error.message).toBe(`sql/x.sql:3: ${detail}`);
    expect(error.file).toBe('sql/x.sql');
    expect(error.line).toBe(3);
  });

  it('names the line alone when there is no file', () => {
    expect(syntaxError("\n'open").message).toBe('line 2: unterminated string literal');
  });

  it('exposes lower-cased words only for word tokens', () => {
    const [select, , quoted] = tokenize('SeLeCt "X"');
    expect(wordOf(select)).toBe('select');
    expect(wordOf(quoted)).toBeUndefined();
    expect(wordOf(undefined)).toBeUndefined();
  });

  it('rebuilds any input it accepts byte for byte', () => {
    const pieces = fc.constantFrom(
      'select',
      ' ',
      '\n',
      "'a;b'",
      '"q""x"',
      '$$d;$$',
      '-- c\n',
      '/* b */',
      '::',
      ';',
      '(',
      ')',
      '1.5',
      'é',
      '+',
      '$1',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const sql = parts.join('');
        let tokens: Token[];
        try {
          tokens = tokenize(sql);
        } catch (e) {
          // e.g. `select$$d` is one identifier, which leaves the next `$$` unterminated.
          if (e instanceof SqlSyntaxError) return;
          throw e;
        }
        expect(tokens.map((t) => t.text).join('')).toBe(sql);
      }),
    );
  });
});
