import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeDatabaseUrl, isPostgresUrl } from '../../src/store/database-url.js';

describe('isPostgresUrl', () => {
  it('tells a PostgreSQL URL from a SQLite file', () => {
    expect(isPostgresUrl('postgres://flowhook@db.internal:5432/flowhook')).toBe(true);
    expect(isPostgresUrl('postgresql://db/flowhook')).toBe(true);
    expect(isPostgresUrl('POSTGRES://db/flowhook')).toBe(true);
    expect(isPostgresUrl('./flowhook.db')).toBe(false);
    expect(isPostgresUrl('postgres.db')).toBe(false);
    expect(isPostgresUrl(':memory:')).toBe(false);
  });
});

describe('describeDatabaseUrl', () => {
  it('names the database without its password or query', () => {
    expect(describeDatabaseUrl('postgres://flowhook:s3cret@db.internal:5432/flowhook?sslmode=require&password=other')).toBe(
      'postgres://flowhook@db.internal:5432/flowhook',
    );
  });

  it('never shows a password, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 6 }).filter((text) => /^[\w~.-]+$/.test(text)), (password) => {
        expect(describeDatabaseUrl(`postgres://user:${password}@host:5432/db`)).not.toContain(`:${password}@`);
        expect(describeDatabaseUrl(`postgres://user@host/db?password=${password}`)).toBe('postgres://user@host/db');
      }),
    );
  });

  it('shows nothing of a URL that does not parse', () => {
    expect(describeDatabaseUrl('postgres://user:pa ss@[bad')).toBe('postgres://(a URL that does not parse)');
  });
});
