/**
 * The store contract (store-contract.ts) on PostgreSQL: a fresh database per test on one throwaway
 * server, and a second worker's store on it for the tests that need one.
 */
import { openPostgresStore } from '../../src/store/postgres.js';
import { describePostgres } from '../support/postgres-cluster.js';
import { describeStoreContract } from './store-contract.js';

const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

describePostgres('PostgresStore', (cluster) => {
  describeStoreContract('PostgresStore', {
    shared: true,
    async open() {
      const url = await cluster().createDatabase();
      const open = () => openPostgresStore(url, { secretKey: SECRET_KEY, poolSize: 4 });
      return { store: await open(), openAnother: open, dispose: async () => {} };
    },
  });
});
