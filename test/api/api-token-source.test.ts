import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiTokensFromEnv, keptTokenFile, loadApiTokens } from '../../src/api/api-token-source.js';
import { FlowhookError } from '../../src/errors.js';

const GIVEN = 'operator-token-0123456789';

describe('loadApiTokens()', () => {
  let dir: string;
  let db: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-tokens-'));
    db = join(dir, 'flowhook.db');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates a token on first start, keeps it beside the database readable by its owner only, and reads it back', () => {
    const first = loadApiTokens(db, {});
    expect(first).toEqual({ kind: 'generated', tokens: [expect.stringMatching(/^[A-Za-z0-9_-]{43}$/)], file: `${db}.api-token`, created: true });
    expect(keptTokenFile(db)).toBe(`${db}.api-token`);
    expect(statSync(`${db}.api-token`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${db}.api-token`, 'utf8')).toBe(`${first.tokens[0]}\n`);
    expect(loadApiTokens(db, {})).toEqual({ ...first, created: false });
  });

  it('closes a kept token file that others can read', () => {
    writeFileSync(`${db}.api-token`, `${GIVEN}\n`);
    chmodSync(`${db}.api-token`, 0o644);
    expect(loadApiTokens(db, {}).tokens).toEqual([GIVEN]);
    expect(statSync(`${db}.api-token`).mode & 0o777).toBe(0o600);
  });

  it('gives a database in memory a token of this process only', () => {
    expect(loadApiTokens(':memory:', {})).toEqual({ kind: 'generated', tokens: [expect.any(String)], file: undefined, created: true });
  });

  it('takes the tokens given, from values and a file, and generates none', () => {
    const file = join(dir, 'tokens');
    writeFileSync(file, `# the CI's token\n${GIVEN}-ci\n\n  ${GIVEN}-ops  \n`);
    expect(loadApiTokens(db, { apiTokens: [GIVEN], apiTokenFile: file })).toEqual({ kind: 'given', tokens: [GIVEN, `${GIVEN}-ci`, `${GIVEN}-ops`] });
    expect(() => statSync(`${db}.api-token`)).toThrow();
  });

  it('refuses a weak token, naming where it came from but not the token', () => {
    const error = captured(() => loadApiTokens(db, { apiTokens: [GIVEN, 'secret'] }));
    expect(error.code).toBe('FLOWHOOK_OPTION_INVALID');
    expect(error.message).toBe('API token 2 of FLOWHOOK_API_TOKENS is 6 characters long; an API token needs at least 16');
    expect(error.hint).toBe('Use long random tokens, e.g. from "openssl rand -base64 32"; separate tokens with commas in FLOWHOOK_API_TOKENS, or put one a line in the token file.');
  });

  it('refuses a token file that is missing or holds no token', () => {
    const missing = captured(() => loadApiTokens(db, { apiTokenFile: join(dir, 'none') }));
    expect(missing.code).toBe('FLOWHOOK_FILE_UNREADABLE');
    expect(missing.message).toMatch(/^cannot read the token file ".*none": ENOENT/);
    writeFileSync(join(dir, 'empty'), '# nothing yet\n');
    const empty = captured(() => loadApiTokens(db, { apiTokenFile: join(dir, 'empty') }));
    expect(empty.message).toBe(`the token file "${join(dir, 'empty')}" holds no API token`);
  });

  it('refuses a kept token file that was spoilt, and says how to start afresh', () => {
    writeFileSync(`${db}.api-token`, 'short\n');
    const error = captured(() => loadApiTokens(db, {}));
    expect(error.message).toBe(`the API token kept in "${db}.api-token" is 5 characters long; an API token needs at least 16`);
    expect(error.hint).toMatch(/^Delete the file to have flowhook generate a new token/);
  });
});

describe('apiTokensFromEnv()', () => {
  it('splits at commas and drops blanks', () => {
    expect(apiTokensFromEnv(' a , b,,c ')).toEqual(['a', 'b', 'c']);
    expect(apiTokensFromEnv('')).toEqual([]);
    expect(apiTokensFromEnv(undefined)).toEqual([]);
  });
});

function captured(action: () => unknown): FlowhookError {
  try {
    action();
  } catch (err) {
    if (err instanceof FlowhookError) return err;
    throw err;
  }
  throw new Error('expected a FlowhookError');
}
