/**
 * Where the API tokens of `flowhook serve` come from: values (FLOWHOOK_API_TOKENS) and a token file
 * (`--api-token-file`, one token a line), or, when neither gives one, a token generated on first start
 * and kept beside the database in `<db>.api-token`, mode 0600, as Jupyter keeps its token. A database in
 * memory gets a token that lives as long as the process. Errors name where a token came from, never
 * the token.
 */
import { readFileSync } from 'node:fs';
import { FlowhookError } from '../errors.js';
import { readPrivateFile, writePrivateFile } from '../util/private-file.js';
import { apiTokenProblem, generateApiToken } from '../access/api-tokens.js';

export const API_TOKENS_ENV = 'FLOWHOOK_API_TOKENS';

export interface ApiTokenOptions {
  /** Tokens given as values, e.g. FLOWHOOK_API_TOKENS split at commas. */
  apiTokens?: readonly string[];
  /** A file holding tokens, one a line; blank lines and lines starting with `#` are skipped. */
  apiTokenFile?: string;
}

export type ApiTokenSource =
  /** Tokens the operator gave; flowhook never prints them. */
  | { kind: 'given'; tokens: readonly string[] }
  /** The token flowhook made: kept in `file` (undefined for a database in memory). */
  | { kind: 'generated'; tokens: readonly [string]; file: string | undefined; created: boolean };

/** The tokens to accept for the database `databaseFile`; throws FLOWHOOK_OPTION_INVALID or FLOWHOOK_FILE_UNREADABLE. */
export function loadApiTokens(databaseFile: string, options: ApiTokenOptions): ApiTokenSource {
  return givenApiTokens(options) ?? keptApiToken(databaseFile);
}

/** The tokens the operator gave, checked; undefined when none were given. Touches no file beside the database. */
export function givenApiTokens(options: ApiTokenOptions): ApiTokenSource | undefined {
  const given = [
    ...checked(options.apiTokens ?? [], API_TOKENS_ENV),
    ...(options.apiTokenFile === undefined ? [] : checked(readTokenFile(options.apiTokenFile), `the token file "${options.apiTokenFile}"`)),
  ];
  if (given.length > 0) return { kind: 'given', tokens: given };
  if (options.apiTokenFile !== undefined) {
    throw new FlowhookError('FLOWHOOK_OPTION_INVALID', `the token file "${options.apiTokenFile}" holds no API token`, {
      hint: 'Write one token a line (at least 16 characters), or leave out --api-token-file to have flowhook generate one.',
    });
  }
  return undefined;
}

/** The token kept beside the database, generated (0600) on first use. */
export function keptApiToken(databaseFile: string): ApiTokenSource {
  if (databaseFile === ':memory:' || databaseFile === '') return { kind: 'generated', tokens: [generateApiToken()], file: undefined, created: true };
  const file = keptTokenFile(databaseFile);
  const kept = readKeptToken(file);
  if (kept !== undefined) return { kind: 'generated', tokens: [kept], file, created: false };
  const token = generateApiToken();
  if (writeKeptToken(file, token)) return { kind: 'generated', tokens: [token], file, created: true };
  // Another process created the file first: its token is the one.
  return { kind: 'generated', tokens: [readKeptToken(file) ?? token], file, created: false };
}

export function keptTokenFile(databaseFile: string): string {
  return `${databaseFile}.api-token`;
}

/** FLOWHOOK_API_TOKENS as a list: split at commas, spaces around each token dropped. */
export function apiTokensFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '');
}

function checked(tokens: readonly string[], from: string): readonly string[] {
  tokens.forEach((token, index) => {
    const problem = apiTokenProblem(token);
    if (problem === undefined) return;
    throw new FlowhookError('FLOWHOOK_OPTION_INVALID', `API token ${index + 1} of ${from} ${problem}`, {
      hint: `Use long random tokens, e.g. from "openssl rand -base64 32"; separate tokens with commas in ${API_TOKENS_ENV}, or put one a line in the token file.`,
    });
  });
  return tokens;
}

function readTokenFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new FlowhookError('FLOWHOOK_FILE_UNREADABLE', `cannot read the token file "${path}": ${(err as Error).message}`, {
      hint: 'Pass --api-token-file with the path of a readable file holding one API token a line.',
      cause: err,
    });
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The kept token, or undefined when there is no file yet; the file is made 0600 when it was open to others. */
function readKeptToken(file: string): string | undefined {
  let text: string | undefined;
  try {
    text = readPrivateFile(file);
  } catch (err) {
    throw keptFileError(file, 'cannot be read', err);
  }
  if (text === undefined) return undefined;
  const token = text.trim();
  const problem = apiTokenProblem(token);
  if (problem !== undefined) {
    throw new FlowhookError('FLOWHOOK_OPTION_INVALID', `the API token kept in "${file}" ${problem}`, {
      hint: 'Delete the file to have flowhook generate a new token at the next start, or give tokens with FLOWHOOK_API_TOKENS or --api-token-file.',
    });
  }
  return token;
}

/** Creates the file 0600 with the token; false when it exists already (`wx` never replaces one). */
function writeKeptToken(file: string, token: string): boolean {
  try {
    writePrivateFile(file, `${token}\n`, 'wx');
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw keptFileError(file, 'cannot be written', err);
  }
}

function keptFileError(file: string, what: string, cause: unknown): FlowhookError {
  return new FlowhookError('FLOWHOOK_FILE_UNREADABLE', `the API token file "${file}" ${what}: ${(cause as Error).message}`, {
    hint: `Make the database's folder writable, or give tokens with ${API_TOKENS_ENV} or --api-token-file.`,
    cause,
  });
}
