/**
 * What `--db` names: a SQLite file, or a PostgreSQL database by URL; and how a URL is shown, without
 * the password it may hold. Apart from the PostgreSQL store, so that telling them apart loads no driver.
 */

/** True for a `postgres://` or `postgresql://` URL: `--db` names a PostgreSQL database, not a SQLite file. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** The database as errors and logs name it: the URL without its password or query. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${parsed.username}@` : '';
    return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
  } catch {
    return 'postgres://(a URL that does not parse)';
  }
}
