import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFlowhookError, type FlowhookError } from '../../src/errors.js';
import { rotateSecretKey } from '../../src/store/key-rotation.js';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { parseSecretKey, SecretBox } from '../../src/store/secret-box.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { StoredWebhook } from '../../src/store/store.js';
import type { WebhookConfig } from '../../src/types.js';

const T0 = Date.parse('2026-12-01T12:00:00Z');
const QUERY_TOKEN = 'qtok-3f9a1c7e5b2d4f60';
const HEADER_TOKEN = 'htok-8e7d6c5b4a39281f';
const BEARER_TOKEN = 'bearer-b1e2a3r4e5r6t7o8';
const CLIENT_SECRET = 'csecret-0a1b2c3d4e5f6a7b';
const SECRETS = [QUERY_TOKEN, HEADER_TOKEN, BEARER_TOKEN, CLIENT_SECRET];

function config(name: string, extra: Partial<WebhookConfig> = {}): WebhookConfig {
  return {
    name,
    active: true,
    method: 'POST',
    url: `https://acme.workflows.okta.com/api/flo/abc/invoke?clientToken=${QUERY_TOKEN}`,
    headers: { 'x-api-client-token': HEADER_TOKEN },
    triggers: ['RequestCreated'],
    timeout_in_sec: 30,
    retry_on_validator_failure: false,
    authentication_config: {
      bearer: { token: BEARER_TOKEN },
      oauth: { client_id: 'client', client_secret: CLIENT_SECRET, token_endpoint_url: 'https://acme.okta.com/oauth2/v1/token' },
    },
    ...extra,
  } as WebhookConfig;
}

function webhook(id: string, name: string, extra: Partial<WebhookConfig> = {}): StoredWebhook {
  return { id, config: config(name, extra), createdAt: T0, updatedAt: T0 };
}

/** The database file and its log as they are on disk. */
function bytesOnDisk(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter(existsSync).map((path) => readFileSync(path)));
}

function thrown(open: () => unknown): FlowhookError {
  try {
    open();
  } catch (err) {
    if (isFlowhookError(err)) return err;
    throw err;
  }
  throw new Error('it did not throw');
}

/** The sealed column as SQLite keeps it, read once the store has closed. */
function sealedConfigs(file: string): Map<string, Buffer> {
  const db = new Database(file, { readonly: true });
  try {
    return new Map(db.prepare<[], { id: string; config: Buffer }>('SELECT id, config FROM webhooks').all().map((row) => [row.id, row.config]));
  } finally {
    db.close();
  }
}

describe('secrets sealed at rest', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-sealed-'));
    file = join(dir, 'flowhook.db');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes no secret in clear to the database or its log, and gives the config back whole', async () => {
    const store = openSqliteStore(file);
    await store.createWebhook(webhook('wh_1', 'okta'));
    await store.updateWebhook('wh_1', config('okta renamed', { headers: { 'x-api-client-token': HEADER_TOKEN, 'x-trace': 'on' } }), T0 + 1);
    const whileOpen = bytesOnDisk(file);
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect((await store.getWebhook('wh_1'))?.config).toEqual(config('okta renamed', { headers: { 'x-api-client-token': HEADER_TOKEN, 'x-trace': 'on' } }));
    await store.close();

    for (const bytes of [whileOpen, bytesOnDisk(file)]) {
      for (const secret of SECRETS) expect(bytes.includes(secret)).toBe(false);
    }
    const reopened = openSqliteStore(file);
    expect((await reopened.listWebhooks()).map((stored) => stored.config.authentication_config?.oauth?.client_secret)).toEqual([CLIENT_SECRET]);
    await reopened.close();
  });

  it('creates the key file beside the database on first start, 0600, and opens the secrets with it after a restart', async () => {
    const store = openSqliteStore(file);
    await store.createWebhook(webhook('wh_1', 'okta'));
    const keyId = store.secretKeyId;
    await store.close();

    expect(statSync(`${file}.key`).mode & 0o777).toBe(0o600);
    expect(new SecretBox(parseSecretKey(readFileSync(`${file}.key`, 'utf8'), 'key file')).keyId).toBe(keyId);
    const reopened = openSqliteStore(file);
    expect(reopened.secretKeyId).toBe(keyId);
    expect((await reopened.getWebhook('wh_1'))?.config.headers).toEqual({ 'x-api-client-token': HEADER_TOKEN });
    await reopened.close();
  });

  it('takes the key from a value (FLOWHOOK_SECRET_KEY) and then writes no key file', async () => {
    const key = randomBytes(32).toString('hex');
    const store = openSqliteStore(file, { secretKey: key });
    await store.createWebhook(webhook('wh_1', 'okta'));
    await store.close();
    expect(existsSync(`${file}.key`)).toBe(false);
    const reopened = openSqliteStore(file, { secretKey: Buffer.from(key, 'hex').toString('base64') });
    expect((await reopened.getWebhook('wh_1'))?.config.url).toContain(QUERY_TOKEN);
    await reopened.close();
  });

  it('refuses a copy of the database opened with another key, naming both keys and revealing nothing', async () => {
    const store = openSqliteStore(file);
    await store.createWebhook(webhook('wh_1', 'okta'));
    const keyId = store.secretKeyId;
    await store.close();
    const copy = join(dir, 'copy.db');
    writeFileSync(copy, readFileSync(file));

    const wrong = new SecretBox(randomBytes(32));
    const error = thrown(() => openSqliteStore(copy, { secretKey: wrong.exportKey() }));
    expect(error.toJSON()).toEqual({
      code: 'FLOWHOOK_DATABASE_UNUSABLE',
      message: `the secrets in database "${copy}" are sealed with key ${keyId}, but FLOWHOOK_SECRET_KEY holds key ${wrong.keyId}`,
      hint: 'Start with the key that sealed them (FLOWHOOK_SECRET_KEY or --secret-key-file); a database copied without its key cannot be opened.',
    });
    expect(error.exitCode).toBe(2);
    // Its own key file is not beside the copy, and none is made up for it.
    expect(thrown(() => openSqliteStore(copy)).toJSON()).toEqual({
      code: 'FLOWHOOK_DATABASE_UNUSABLE',
      message: `database "${copy}" holds secrets sealed with key ${keyId}, and the key file "${copy}.key" does not exist`,
      hint: 'Restore the key file that belongs to this database, or give its key with FLOWHOOK_SECRET_KEY or --secret-key-file.',
    });
    expect(existsSync(`${copy}.key`)).toBe(false);
    const withItsKey = openSqliteStore(copy, { secretKeyFile: `${file}.key` });
    expect((await withItsKey.listWebhooks()).map((stored) => stored.id)).toEqual(['wh_1']);
    await withItsKey.close();
  });

  it('refuses a sealed config moved to another webhook: the id is bound to it', async () => {
    const store = openSqliteStore(file);
    await store.createWebhook(webhook('wh_1', 'one'));
    await store.createWebhook(webhook('wh_2', 'two'));
    const keyId = store.secretKeyId;
    await store.close();
    const db = new Database(file);
    db.exec(`UPDATE webhooks SET config = (SELECT config FROM webhooks WHERE id = 'wh_1') WHERE id = 'wh_2'`);
    db.close();

    expect(thrown(() => openSqliteStore(file)).toJSON()).toEqual({
      code: 'FLOWHOOK_DATABASE_UNUSABLE',
      message: `the sealed config of webhook "wh_2" in database "${file}" does not open with key ${keyId}: it was sealed with key ${keyId}, altered, or moved from another webhook`,
      hint: 'Restore the database (or that webhook) from a backup, or delete the webhook and create it again.',
    });
  });

  it('refuses a key given both as a value and as a file', () => {
    expect(thrown(() => openSqliteStore(file, { secretKey: randomBytes(32).toString('hex'), secretKeyFile: join(dir, 'k') })).toJSON()).toEqual({
      code: 'FLOWHOOK_SECRET_KEY_INVALID',
      message: `a secret key was given both as a value (FLOWHOOK_SECRET_KEY) and as the file "${join(dir, 'k')}"`,
      hint: 'Give the key one way: unset FLOWHOOK_SECRET_KEY, or leave out --secret-key-file.',
    });
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a key file that holds no key, without quoting it', () => {
    writeFileSync(`${file}.key`, 'not-a-key\n', { mode: 0o600 });
    const error = thrown(() => openSqliteStore(file));
    expect(error.code).toBe('FLOWHOOK_SECRET_KEY_INVALID');
    expect(error.message).toBe(`the key file "${file}.key" does not hold a secret key: expected 32 bytes written as 64 hex digits or 44 base64 characters, found 9 characters`);
  });

  it('seals the configs of a database written before sealing, and leaves their secrets nowhere in the file', async () => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    migrate(db, MIGRATIONS.slice(0, 2));
    db.prepare('INSERT INTO webhooks (id, name, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run('wh_old', 'old', JSON.stringify(config('old')), T0, T0);
    db.close();
    expect(readFileSync(file).includes(QUERY_TOKEN)).toBe(true);

    const store = openSqliteStore(file);
    expect((await store.getWebhook('wh_old'))?.config).toEqual(config('old'));
    for (const secret of SECRETS) expect(bytesOnDisk(file).includes(secret)).toBe(false);
    await store.close();
    for (const secret of SECRETS) expect(bytesOnDisk(file).includes(secret)).toBe(false);
  });

  it('leaves nothing of a deleted webhook\'s sealed config in the file (secure_delete)', async () => {
    const store = openSqliteStore(file);
    await store.createWebhook(webhook('wh_gone', 'gone'));
    await store.createWebhook(webhook('wh_kept', 'kept'));
    await store.close();
    const sealed = sealedConfigs(file);

    const reopened = openSqliteStore(file);
    expect(await reopened.deleteWebhook('wh_gone', 'deleted', T0 + 1)).toBe(true);
    await reopened.close();
    const bytes = bytesOnDisk(file);
    expect(bytes.includes(sealed.get('wh_kept') ?? Buffer.alloc(1))).toBe(true);
    expect(bytes.includes(sealed.get('wh_gone') ?? Buffer.alloc(0))).toBe(false);
  });

  describe('rotateSecretKey', () => {
    it('seals every secret under a new key that replaces the key file; the old key opens nothing after', async () => {
      const store = openSqliteStore(file);
      await store.createWebhook(webhook('wh_1', 'one'));
      await store.createWebhook(webhook('wh_2', 'two'));
      const oldKeyId = store.secretKeyId;
      await store.close();
      const oldKey = readFileSync(`${file}.key`, 'utf8');
      const before = sealedConfigs(file);

      const rotation = await rotateSecretKey(file);
      expect(rotation).toEqual({ resealed: 2, fromKeyId: oldKeyId, toKeyId: expect.stringMatching(/^[0-9a-f]{16}$/), keyFile: `${file}.key` });
      expect(rotation.toKeyId).not.toBe(oldKeyId);
      expect(readFileSync(`${file}.key`, 'utf8')).not.toBe(oldKey);
      expect(statSync(`${file}.key`).mode & 0o777).toBe(0o600);
      expect(existsSync(`${file}.key.next`)).toBe(false);
      const bytes = bytesOnDisk(file);
      for (const sealed of before.values()) expect(bytes.includes(sealed)).toBe(false);

      const reopened = openSqliteStore(file);
      expect(reopened.secretKeyId).toBe(rotation.toKeyId);
      expect((await reopened.listWebhooks()).map((stored) => stored.config.authentication_config?.bearer?.token)).toEqual([BEARER_TOKEN, BEARER_TOKEN]);
      await reopened.close();
      expect(thrown(() => openSqliteStore(file, { secretKey: oldKey })).message).toBe(
        `the secrets in database "${file}" are sealed with key ${rotation.toKeyId}, but FLOWHOOK_SECRET_KEY holds key ${oldKeyId}`,
      );
    });

    it('takes the new key from FLOWHOOK_NEW_SECRET_KEY when the key comes from FLOWHOOK_SECRET_KEY', async () => {
      const oldKey = SecretBox.generate();
      const newKey = SecretBox.generate();
      const store = openSqliteStore(file, { secretKey: oldKey.exportKey() });
      await store.createWebhook(webhook('wh_1', 'one'));
      await store.close();

      await expect(rotateSecretKey(file, { secretKey: oldKey.exportKey() })).rejects.toMatchObject({
        code: 'FLOWHOOK_SECRET_KEY_INVALID',
        message: 'the key comes from FLOWHOOK_SECRET_KEY, and FLOWHOOK_NEW_SECRET_KEY does not give the new one',
      });
      await expect(rotateSecretKey(file, { secretKey: oldKey.exportKey(), newSecretKey: oldKey.exportKey() })).rejects.toMatchObject({
        code: 'FLOWHOOK_SECRET_KEY_INVALID',
        message: `FLOWHOOK_NEW_SECRET_KEY holds the current key ${oldKey.keyId}`,
      });
      expect(await rotateSecretKey(file, { secretKey: oldKey.exportKey(), newSecretKey: newKey.exportKey() })).toEqual({
        resealed: 1,
        fromKeyId: oldKey.keyId,
        toKeyId: newKey.keyId,
      });
      expect(existsSync(`${file}.key`)).toBe(false);
      expect(thrown(() => openSqliteStore(file, { secretKey: oldKey.exportKey() })).code).toBe('FLOWHOOK_DATABASE_UNUSABLE');
      const reopened = openSqliteStore(file, { secretKey: newKey.exportKey() });
      expect((await reopened.getWebhook('wh_1'))?.config.headers).toEqual({ 'x-api-client-token': HEADER_TOKEN });
      await reopened.close();
    });

    it('finishes a rotation cut short after the database was sealed with the new key', async () => {
      const store = openSqliteStore(file);
      await store.createWebhook(webhook('wh_1', 'one'));
      const next = SecretBox.generate();
      writeFileSync(`${file}.key.next`, `${next.exportKey()}\n`, { mode: 0o600 });
      store.resealSecrets(next);
      await store.close();

      const reopened = openSqliteStore(file);
      expect(reopened.secretKeyId).toBe(next.keyId);
      expect(readFileSync(`${file}.key`, 'utf8')).toBe(`${next.exportKey()}\n`);
      expect(existsSync(`${file}.key.next`)).toBe(false);
      expect((await reopened.getWebhook('wh_1'))?.config.url).toContain(QUERY_TOKEN);
      await reopened.close();
    });

    it('undoes a rotation cut short before the database was sealed with the new key', async () => {
      const store = openSqliteStore(file);
      await store.createWebhook(webhook('wh_1', 'one'));
      const keyId = store.secretKeyId;
      await store.close();
      writeFileSync(`${file}.key.next`, `${SecretBox.generate().exportKey()}\n`, { mode: 0o600 });

      const reopened = openSqliteStore(file);
      expect(reopened.secretKeyId).toBe(keyId);
      expect(existsSync(`${file}.key.next`)).toBe(false);
      await reopened.close();
    });
  });
});

describe('file modes', () => {
  it('keeps the database, its log, its key and its lock record 0600, also a database and a record left 0644 before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowhook-modes-'));
    try {
      const file = join(dir, 'flowhook.db');
      writeFileSync(file, '', { mode: 0o644 });
      writeFileSync(`${file}.lock`, '{}', { mode: 0o644 });
      const store = openSqliteStore(file);
      await store.createWebhook(webhook('wh_1', 'one'));
      for (const path of [file, `${file}-wal`, `${file}.key`, `${file}.lock`]) expect({ path, mode: statSync(path).mode & 0o777 }).toEqual({ path, mode: 0o600 });
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
