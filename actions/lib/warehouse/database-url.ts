/** A PostgreSQL URL as messages show it; apart from postgres.ts, so showing one loads no `pg`. */

const SCHEMES = new Set(['postgres:', 'postgresql:']);

/**
 * `postgres://user:secret@host/db` → `postgres://user:***@host/db`. Anything else is not echoed,
 * including `user:secret@host/db`, which `URL` would read as the scheme `user:`.
 */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (!SCHEMES.has(parsed.protocol)) throw new Error('not a PostgreSQL URL');
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the database URL (not a valid URL: expected postgres://user:password@host:port/database)';
  }
}
