import { describeLocation } from './statement.js';

/** What a token is; comments and whitespace are kept so that text can be rebuilt byte for byte. */
export type TokenKind =
  | 'word'
  | 'quoted_identifier'
  | 'string'
  | 'dollar_string'
  | 'number'
  | 'param'
  | 'operator'
  | 'line_comment'
  | 'block_comment'
  | 'whitespace';

/** One lexical unit of SQL text. Joining every token's `text` gives back the input. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Offset of the first character in the tokenized text. */
  readonly offset: number;
  /** 1-based line of the first character (shifted by `startLine`). */
  readonly line: number;
}

export interface TokenizeOptions {
  /** Named in error messages. */
  readonly file?: string;
  /** Line number of the first character of `text`; defaults to 1. */
  readonly startLine?: number;
}

/** Raised for a string, quoted identifier, dollar quote or comment that never ends. */
export class SqlSyntaxError extends Error {
  override readonly name = 'SqlSyntaxError';

  constructor(
    readonly file: string | undefined,
    readonly line: number,
    detail: string,
  ) {
    super(`${describeLocation({ file, line })}: ${detail}`);
  }
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD = /[A-Za-z0-9_$\u0080-\uffff]*/y;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /\s+/y;
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
const PARAM = /\$\d+/y;
const OPERATOR_CHARS = '+-*/<>=~!@#%^&|`?';

/** True for whitespace and comments, i.e. tokens that carry no meaning for the parser. */
export function isTrivia(token: Token): boolean {
  return (
    token.kind === 'whitespace' || token.kind === 'line_comment' || token.kind === 'block_comment'
  );
}

/** Lower-cased text of a word token, undefined for every other kind. */
export function wordOf(token: Token | undefined): string | undefined {
  return token?.kind === 'word' ? token.text.toLowerCase() : undefined;
}

/**
 * Splits SQL text into tokens following PostgreSQL's lexical rules closely enough to find statement
 * boundaries and keywords safely: strings ('' and E'\'' escapes), quoted identifiers, dollar quotes,
 * nested block comments and line comments are single tokens.
 */
export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const lexer = new Lexer(text, options);
  const tokens: Token[] = [];
  while (!lexer.done()) tokens.push(lexer.next());
  return tokens;
}

class Lexer {
  private pos = 0;
  private line: number;

  constructor(
    private readonly text: string,
    private readonly options: TokenizeOptions,
  ) {
    this.line = options.startLine ?? 1;
  }

  done(): boolean {
    return this.pos >= this.text.length;
  }

  next(): Token {
    const [kind, end] = this.scan();
    const token: Token = {
      kind,
      text: this.text.slice(this.pos, end),
      offset: this.pos,
      line: this.line,
    };
    this.pos = end;
    this.line += countNewlines(token.text);
    return token;
  }

  private scan(): [TokenKind, number] {
    const { text, pos } = this;
    const c = text[pos] ?? '';
    const c2 = text.slice(pos, pos + 2);
    if (/\s/.test(c)) return ['whitespace', this.sticky(WHITESPACE)];
    if (c2 === '--') return ['line_comment', lineEnd(text, pos)];
    if (c2 === '/*') return ['block_comment', this.blockCommentEnd()];
    if (c === "'") return ['string', this.quotedEnd(pos, "'", false, 'string literal')];
    if (c === '"')
      return ['quoted_identifier', this.quotedEnd(pos, '"', false, 'quoted identifier')];
    if ((c === 'E' || c === 'e') && text[pos + 1] === "'") {
      return ['string', this.quotedEnd(pos + 1, "'", true, 'string literal')];
    }
    if (WORD_START.test(c)) return ['word', this.sticky(WORD, pos + 1)];
    if (/\d/.test(c) || (c === '.' && /\d/.test(text[pos + 1] ?? ''))) {
      return ['number', this.sticky(NUMBER)];
    }
    if (c === '$') return this.dollar();
    if (c2 === '::') return ['operator', pos + 2];
    if (OPERATOR_CHARS.includes(c)) return ['operator', this.operatorEnd()];
    return ['operator', pos + 1];
  }

  private sticky(re: RegExp, from = this.pos): number {
    re.lastIndex = from;
    re.exec(this.text);
    return re.lastIndex;
  }

  private dollar(): [TokenKind, number] {
    PARAM.lastIndex = this.pos;
    if (PARAM.test(this.text)) return ['param', PARAM.lastIndex];
    DOLLAR_TAG.lastIndex = this.pos;
    const tag = DOLLAR_TAG.exec(this.text)?.[0];
    if (tag === undefined) return ['operator', this.pos + 1];
    const close = this.text.indexOf(tag, this.pos + tag.length);
    if (close < 0) this.fail('unterminated dollar-quoted string');
    return ['dollar_string', close + tag.length];
  }

  /** End of a '…' or "…" token starting at `open`; a doubled quote is an escaped quote. */
  private quotedEnd(open: number, quote: string, backslash: boolean, what: string): number {
    const { text } = this;
    let i = open + 1;
    while (i < text.length) {
      const ch = text[i];
      if (backslash && ch === '\\') i += 2;
      else if (ch !== quote) i += 1;
      else if (text[i + 1] === quote) i += 2;
      else return i + 1;
    }
    return this.fail(`unterminated ${what}`);
  }

  /** Block comments nest in PostgreSQL: `/* a /* b *\/ c *\/` is one comment. */
  private blockCommentEnd(): number {
    const { text } = this;
    let depth = 0;
    let i = this.pos;
    while (i < text.length) {
      const pair = text.slice(i, i + 2);
      if (pair === '/*') depth += 1;
      else if (pair === '*/') depth -= 1;
      else {
        i += 1;
        continue;
      }
      i += 2;
      if (depth === 0) return i;
    }
    return this.fail('unterminated block comment');
  }

  private operatorEnd(): number {
    const { text } = this;
    let i = this.pos + 1;
    while (i < text.length && OPERATOR_CHARS.includes(text[i] ?? '')) {
      const pair = text.slice(i, i + 2);
      if (pair === '--' || pair === '/*') break;
      i += 1;
    }
    return i;
  }

  private fail(detail: string): never {
    throw new SqlSyntaxError(this.options.file, this.line, detail);
  }
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

function countNewlines(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '\n') n += 1;
  return n;
}
