import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveSecretReferences } from '../../src/cli/secret-references.js';
import { tempFiles } from './temp-files.js';

let files: ReturnType<typeof tempFiles>;
beforeEach(() => {
  files = tempFiles();
});
afterEach(() => files.remove());

const BASE = { name: 'okta', url: 'https://acme.workflows.okta.com/api/flo/a/invoke', triggers: ['RequestCreated'] };

describe('resolveSecretReferences', () => {
  it('puts the value of an environment variable and the text of a file in place of their references', () => {
    mkdirSync(join(files.dir, 'secrets'));
    files.write('secrets/bearer.txt', 'b3arer-from-file\n');
    const configFile = files.write('hook.json', '{}');
    const value = {
      ...BASE,
      headers: { 'x-api-client-token': { $env: 'OKTA_CLIENT_TOKEN' }, 'x-trace': 'plain' },
      authentication_config: { bearer: { token: { $file: 'secrets/bearer.txt' } } },
    };
    const resolved = resolveSecretReferences(value, { env: { OKTA_CLIENT_TOKEN: 'ct-from-env' }, configFile });
    expect(resolved.problems).toEqual([]);
    expect(resolved.value).toEqual({
      ...BASE,
      headers: { 'x-api-client-token': 'ct-from-env', 'x-trace': 'plain' },
      authentication_config: { bearer: { token: 'b3arer-from-file' } },
    });
    expect(resolved.secrets).toEqual(['ct-from-env', 'b3arer-from-file']);
    expect(value.headers['x-api-client-token']).toEqual({ $env: 'OKTA_CLIENT_TOKEN' });
  });

  it('reads an OAuth client secret, a PEM key as text and a JWK file as the JWK object', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
    files.write('key.pem', pem);
    files.write('key.jwk.json', { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' });
    const configFile = files.write('hook.json', '{}');
    const oauth = (privateKey: string) => ({ ...BASE, authentication_config: { oauth: { client_id: 'c', client_secret: { $env: 'SECRET' }, private_key: { $file: privateKey } } } });
    const env = { SECRET: 'cl1ent-s3cret' };
    expect(resolveSecretReferences(oauth('key.pem'), { env, configFile }).value).toMatchObject({
      authentication_config: { oauth: { client_secret: 'cl1ent-s3cret', private_key: pem.trimEnd() } },
    });
    expect(resolveSecretReferences(oauth(join(files.dir, 'key.jwk.json')), { env, configFile }).value).toMatchObject({
      authentication_config: { oauth: { private_key: { kty: 'EC', d: 'd' } } },
    });
  });

  it('names each reference that cannot be resolved at its JSON path', () => {
    files.write('empty.txt', '\n');
    const configFile = files.write('hook.json', '{}');
    const resolved = resolveSecretReferences(
      {
        ...BASE,
        headers: { 'x-api-client-token': { $env: 'MISSING' }, Authorization: { $env: 'EMPTY' }, 'x-one': { $file: 'nope.txt' }, 'x-two': { $file: 'empty.txt' } },
        authentication_config: { bearer: { token: { $env: 'A', $file: 'b' } }, oauth: { client_id: 'c', client_secret: { $env: 5 } } },
      },
      { env: { EMPTY: '' }, configFile },
    );
    expect(resolved.problems).toEqual([
      { path: '$.headers["x-api-client-token"]', message: 'names the environment variable "MISSING", which is not set; set it, or give the secret another way' },
      { path: '$.headers.Authorization', message: 'names the environment variable "EMPTY", which is empty' },
      { path: '$.headers["x-one"]', message: `names the file "nope.txt" (${join(files.dir, 'nope.txt')}), which cannot be read: no such file` },
      { path: '$.headers["x-two"]', message: `names the file "empty.txt" (${join(files.dir, 'empty.txt')}), which is empty` },
      { path: '$.authentication_config.bearer.token', message: 'must have one key, "$env" or "$file", not "$env", "$file"' },
      { path: '$.authentication_config.oauth.client_secret', message: '"$env" must name an environment variable' },
    ]);
    expect(resolved.secrets).toEqual([]);
  });

  it('refuses a reference where no secret belongs, such as the URL', () => {
    const resolved = resolveSecretReferences({ ...BASE, url: { $env: 'URL' }, filters: { requesters: [{ $file: 'x' }] } }, { env: { URL: 'https://x' }, configFile: 'hook.json' });
    expect(resolved.problems).toEqual([
      { path: '$.url', message: 'is a reference, but references ({"$env": …} or {"$file": …}) are resolved only in header values and in "authentication_config" secrets' },
      { path: '$.filters.requesters[0]', message: 'is a reference, but references ({"$env": …} or {"$file": …}) are resolved only in header values and in "authentication_config" secrets' },
    ]);
  });

  it('refuses a device or a file over 1 MiB without hanging', () => {
    const configFile = files.write('hook.json', '{}');
    const big = files.write('big.txt', 'x'.repeat(1024 * 1024 + 1));
    const resolved = resolveSecretReferences({ ...BASE, headers: { a: { $file: '/dev/zero' }, b: { $file: big } } }, { env: {}, configFile });
    expect(resolved.problems.map((problem) => problem.message)).toEqual([
      'names the file "/dev/zero" (/dev/zero), which cannot be read: it is a character device, not a regular file',
      `names the file "${big}" (${big}), which cannot be read: it is 1048577 bytes, more than the 1 MiB allowed`,
    ]);
  });

  it('walks a deeply nested document without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(resolveSecretReferences({ ...BASE, deep }, { env: {}, configFile: 'hook.json' }).problems).toEqual([]);
  });
});
