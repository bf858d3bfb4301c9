/**
 * GitHub Actions expressions evaluated as the runner evaluates them (@actions/expressions, the
 * library behind GitHub's own tooling), so tests can follow a value from a workflow through a
 * composite action's inputs to the script that uses it.
 */
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';

/** Context values (`matrix`, `inputs`, `github`, …) as plain JSON. */
export type Contexts = Readonly<Record<string, unknown>>;

const toData = (value: unknown): data.Dictionary =>
  JSON.parse(JSON.stringify(value), data.reviver) as data.Dictionary;

/** Evaluates one expression (without `${{ }}`) against `contexts`. */
export function evaluate(expression: string, contexts: Contexts): data.ExpressionData {
  const lexed = new Lexer(expression).lex();
  const parsed = new Parser(lexed.tokens, Object.keys(contexts), []).parse();
  return new Evaluator(parsed, toData(contexts)).evaluate();
}

const TEMPLATE = /\$\{\{(.*?)\}\}/gs;

/** A `with:` or `env:` value: literal text with `${{ … }}` parts replaced by their string values. */
export function interpolate(value: unknown, contexts: Contexts): string {
  return String(value).replace(TEMPLATE, (_m, expression: string) =>
    evaluate(expression, contexts).coerceString(),
  );
}

/** An `if:` condition (with or without `${{ }}`); absent means true. */
export function condition(value: string | undefined, contexts: Contexts): boolean {
  if (value === undefined) return true;
  const bare = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(value)?.[1] ?? value;
  return truthy(evaluate(bare, contexts));
}
