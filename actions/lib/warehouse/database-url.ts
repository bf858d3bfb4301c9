/** A PostgreSQL URL as messages show it; apart from postgres.ts, so showing one loads no `pg`. */

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; unparsable text is not echoed. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the database URL (not a valid URL: expected postgres://user:password@host:port/database)';
  }
}
