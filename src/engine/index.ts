/**
 * `flowhook/engine`: the durable delivery engine on SQLite, its management API and the server that
 * `flowhook serve` runs. Configs, events and errors come from `flowhook`.
 */
export { DeliveryEngine, ENGINE_DEFAULTS } from './engine.js';
export type { EngineHealth, EngineOptions } from './engine.js';
export type { IngestResult } from './ingest.js';
export { openSqliteStore, SqliteStore } from '../store/sqlite.js';
export type { DatabaseHealth, DeliveryStatus, DeliveryStore } from '../store/store.js';
export { createApiApp } from '../api/app.js';
export type { ApiOptions } from '../api/app.js';
export { startServer } from '../serve.js';
export type { RunningServer, ServeOptions } from '../serve.js';
