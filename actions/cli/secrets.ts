/**
 * Keeps database passwords out of everything the CLI prints. Commander echoes a bad option value
 * in its own message (`argument 'postgres://u:secret@h/db' is invalid`), and so does its error
 * for a mistyped flag (`unknown option '--databse-url=postgres://…'`); every line the CLI writes to
 * stderr goes through {@link secretRedactor}.
 */

/** `scheme://user:password@` with the password replaced. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:)[^\s'"]*@/gi;

/**
 * `raw` with its password hidden: `postgres://u:***@h/db`. A value that has no recognisable
 * `user:password@` part is hidden whole, since it came from a flag that carries a password.
 */
export function redactDatabaseUrl(raw: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(raw)?.[0] ?? '';
  const rest = raw.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  const colon = rest.indexOf(':');
  if (at < 0) return scheme === '' ? '***' : raw;
  if (colon < 0 || colon > at) return raw;
  return `${scheme}${rest.slice(0, colon + 1)}***${rest.slice(at)}`;
}

/**
 * The values that may hold a database password: what follows `--database-url` (or `=`), the
 * environment variable, and any argument shaped like a URL with credentials (a mistyped flag's).
 */
export function databaseUrlValues(argv: readonly string[], envValue: string | undefined): string[] {
  const values: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === '--database-url' && i + 1 < argv.length) values.push(argv[i + 1] as string);
    else if (arg.startsWith('--database-url=')) values.push(arg.slice('--database-url='.length));
    else if (arg.includes('://') && arg.includes('@')) values.push(arg.replace(/^--[^=]*=/, ''));
  });
  if (envValue !== undefined && envValue !== '') values.push(envValue);
  return values.filter((v) => v !== '' && redactDatabaseUrl(v) !== v);
}

/** A function that hides the given values' passwords, and any URL's password, in a text. */
export function secretRedactor(values: readonly string[]): (text: string) => string {
  const pairs = [...new Set(values)]
    .sort((a, b) => b.length - a.length)
    .map((raw) => [raw, redactDatabaseUrl(raw)] as const);
  return (text) => {
    let out = text;
    for (const [raw, hidden] of pairs) out = out.split(raw).join(hidden);
    return out.replace(URL_PASSWORD, (match: string, head: string) =>
      match.endsWith('://user:password@') ? match : `${head}***@`,
    );
  };
}
