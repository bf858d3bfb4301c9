import type { SqlStatement } from './statement.js';
import { isTrivia, tokenize, type Token } from './tokenize.js';

/**
 * Cuts a SQL file into statements at semicolons that are outside strings, quoted identifiers,
 * dollar quotes, comments and parentheses. Statements holding only comments are dropped. Each
 * statement's `sql` runs from its first to its last real token (interior comments kept, no
 * trailing semicolon) and `line` is the line of that first token.
 *
 * @throws SqlSyntaxError naming `file:line` of an unterminated string, identifier or comment.
 */
export function splitStatements(text: string, file?: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const token of tokenize(text, file === undefined ? {} : { file })) {
    if (token.kind === 'operator' && token.text === ';' && depth === 0) {
      pushStatement(statements, current, text, file);
      current = [];
      continue;
    }
    depth = Math.max(0, depth + parenDelta(token));
    current.push(token);
  }
  pushStatement(statements, current, text, file);
  return statements;
}

function parenDelta(token: Token): number {
  if (token.kind !== 'operator') return 0;
  if (token.text === '(') return 1;
  return token.text === ')' ? -1 : 0;
}

function pushStatement(
  out: SqlStatement[],
  tokens: readonly Token[],
  text: string,
  file: string | undefined,
): void {
  const first = tokens.find((t) => !isTrivia(t));
  const last = tokens.findLast((t) => !isTrivia(t));
  if (first === undefined || last === undefined) return;
  const sql = text.slice(first.offset, last.offset + last.text.length);
  out.push(file === undefined ? { sql, line: first.line } : { sql, file, line: first.line });
}
