/**
 * Secrets in a webhook config file by reference, so that the config itself can be committed:
 * `{"$env": "NAME"}` (an environment variable) or `{"$file": "path"}` (a file; a relative path is
 * relative to the config file) in place of a header value, `authentication_config.bearer.token`,
 * `authentication_config.oauth.client_secret` or `authentication_config.oauth.private_key` (a PEM key, or
 * a JWK as JSON). The CLI resolves them when it loads the config; every reference that cannot be
 * resolved is reported at its JSON path. A file's trailing line breaks are dropped.
 */
import { dirname, resolve } from 'node:path';
import type { Problem } from '../errors.js';
import { jsonPath } from '../schemas.js';
import { readTextFile, UnreadableFile } from './read-json-file.js';

export interface ResolvedReferences {
  /** The config with each reference replaced by what it refers to; unresolved ones stay as they were. */
  value: unknown;
  /** The values references resolved to, all secrets. */
  secrets: string[];
  problems: Problem[];
}

/** The places a reference may stand, as JSON pointers; `*` is any header. */
const SECRET_POINTERS = ['/headers/*', '/authentication_config/bearer/token', '/authentication_config/oauth/client_secret', '/authentication_config/oauth/private_key'];
const PRIVATE_KEY = '/authentication_config/oauth/private_key';
const WHERE = 'references ({"$env": …} or {"$file": …}) are resolved only in header values and in "authentication_config" secrets';

/** Resolves the references of a config read from `configFile`. */
export function resolveSecretReferences(value: unknown, context: { env: NodeJS.ProcessEnv; configFile: string }): ResolvedReferences {
  const secrets: string[] = [];
  const problems: Problem[] = [];
  const resolveAt = (pointer: string, reference: Record<string, unknown>): unknown => {
    const path = jsonPath(pointer);
    const text = referredText(reference, context, (message) => problems.push({ path, message }));
    if (text === undefined) return reference;
    secrets.push(text);
    return pointer === PRIVATE_KEY ? privateKeyOf(text) : text;
  };
  return { value: replaceReferences(value, resolveAt, problems), secrets, problems };
}

/**
 * `value` with every reference at a secret place resolved; a reference anywhere else is a problem.
 * Iterative, so a deeply nested document cannot overflow the stack.
 */
function replaceReferences(
  value: unknown,
  resolveAt: (pointer: string, reference: Record<string, unknown>) => unknown,
  problems: Problem[],
): unknown {
  const top = { value };
  const pending: Array<{ holder: Record<string, unknown>; key: string; pointer: string }> = [{ holder: top, key: 'value', pointer: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { holder, key, pointer } = next;
    const current = holder[key];
    if (typeof current !== 'object' || current === null) continue;
    if (isReference(current)) {
      if (isSecretPlace(pointer)) holder[key] = resolveAt(pointer, current);
      else problems.push({ path: jsonPath(pointer), message: `is a reference, but ${WHERE}` });
      continue;
    }
    const copy: Record<string, unknown> = Array.isArray(current) ? ([...current] as unknown as Record<string, unknown>) : { ...current };
    holder[key] = copy;
    // Reversed, so that the stack hands them back in document order.
    for (const child of Object.keys(copy).reverse()) pending.push({ holder: copy, key: child, pointer: `${pointer}/${child.replace(/~/g, '~0').replace(/\//g, '~1')}` });
  }
  return top.value;
}

function isReference(value: object): value is Record<string, unknown> {
  return !Array.isArray(value) && ('$env' in value || '$file' in value);
}

function isSecretPlace(pointer: string): boolean {
  return SECRET_POINTERS.some((place) => (place.endsWith('/*') ? pointer.startsWith(place.slice(0, -1)) && !pointer.slice(place.length - 1).includes('/') : pointer === place));
}

/** The text a reference refers to, or undefined after reporting why there is none. */
function referredText(reference: Record<string, unknown>, context: { env: NodeJS.ProcessEnv; configFile: string }, problem: (message: string) => void): string | undefined {
  const keys = Object.keys(reference);
  if (keys.length !== 1) {
    problem(`must have one key, "$env" or "$file", not ${keys.map((key) => JSON.stringify(key)).join(', ')}`);
    return undefined;
  }
  const [kind] = keys as ['$env' | '$file'];
  const name = reference[kind];
  if (typeof name !== 'string' || name.trim() === '') {
    problem(kind === '$env' ? '"$env" must name an environment variable' : '"$file" must name a file');
    return undefined;
  }
  if (kind === '$env') {
    const text = context.env[name];
    if (text === undefined) problem(`names the environment variable "${name}", which is not set; set it, or give the secret another way`);
    else if (text === '') problem(`names the environment variable "${name}", which is empty`);
    return text === '' ? undefined : text;
  }
  const file = resolve(dirname(context.configFile), name);
  let text: string;
  try {
    text = readTextFile(file).replace(/[\r\n]+$/, '');
  } catch (err) {
    if (!(err instanceof UnreadableFile)) throw err;
    problem(`names the file "${name}" (${file}), which cannot be read: ${err.why}`);
    return undefined;
  }
  if (text === '') problem(`names the file "${name}" (${file}), which is empty`);
  return text === '' ? undefined : text;
}

/** A private key's text: a JWK as JSON becomes the JWK object; PEM text stays text. */
function privateKeyOf(text: string): unknown {
  if (!text.trimStart().startsWith('{')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
