/** The store contract (store-contract.ts) on SQLite: a fresh database file per test, opened again once closed. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('SqliteStore', {
  shared: false,
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'flowhook-contract-'));
    const file = join(dir, 'flowhook.db');
    return {
      store: openSqliteStore(file),
      openAnother: async () => openSqliteStore(file),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
});
