/**
 * `flowhook/engine`: the durable delivery engine on SQLite or, for several workers, PostgreSQL, its
 * management API and the server that `flowhook serve` runs. Configs, events and errors come from `flowhook`.
 */
export { DeliveryEngine, ENGINE_DEFAULTS } from './engine.js';
export type { EngineHealth, EngineOptions } from './engine.js';
export type { IngestResult } from './ingest.js';
export { openSqliteStore, SqliteStore } from '../store/sqlite.js';
export { openPostgresStore, PostgresStore } from '../store/postgres.js';
export type { PostgresStoreOptions } from '../store/postgres.js';
export type { DatabaseHealth, DeliveryStatus, DeliveryStore } from '../store/store.js';
export { createApiApp } from '../api/app.js';
export type { ApiOptions } from '../api/app.js';
export { startServer } from '../serve.js';
export type { RunningServer, ServeOptions } from '../serve.js';
