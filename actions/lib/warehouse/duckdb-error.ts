/** An error DuckDB raised, read from the JSON form DuckDbWarehouse asks for (`errors_as_json`). */
export class DuckDbError extends Error {
  override readonly name = 'DuckDbError';

  constructor(
    message: string,
    /** DuckDB's class of error: `Binder`, `Parser`, `Conversion`, `Constraint`, …. */
    readonly type: string,
    /** 1-based character of the statement text the error points to, as PostgreSQL's `position`. */
    readonly position?: number,
  ) {
    super(message);
  }
}

interface ErrorJson {
  readonly exception_type?: unknown;
  readonly exception_message?: unknown;
  readonly position?: unknown;
}

/**
 * Turns an error from @duckdb/node-api into a DuckDbError with a readable message
 * (`Binder Error: Referenced column "x" not found …`) and the position in `text` it points to;
 * anything that is not a DuckDB error comes back unchanged.
 */
export function fromDuckDb(error: unknown, text?: string): unknown {
  // Not `instanceof Error`: the native binding's errors may come from another realm (jest's vm).
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message !== 'string') return error;
  const json = parseJson(message);
  if (json === undefined || typeof json.exception_message !== 'string') return error;
  const type = typeof json.exception_type === 'string' ? json.exception_type : 'DuckDB';
  const byte = Number(json.position);
  const position =
    text !== undefined && json.position !== undefined && Number.isInteger(byte) && byte >= 0
      ? characterAt(text, byte) + 1
      : undefined;
  return new DuckDbError(`${type} Error: ${json.exception_message}`, type, position);
}

/** The JSON object in a message; parser errors put `Parser Error: ` before it. */
function parseJson(message: string): ErrorJson | undefined {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(message.slice(start));
    return typeof parsed === 'object' && parsed !== null ? (parsed as ErrorJson) : undefined;
  } catch {
    return undefined;
  }
}

/** DuckDB counts bytes of the UTF-8 text; this is the number of characters before `byte`. */
function characterAt(text: string, byte: number): number {
  return Buffer.from(text, 'utf8').subarray(0, byte).toString('utf8').length;
}
