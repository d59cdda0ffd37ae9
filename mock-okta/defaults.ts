/** The mock's defaults, in a module of their own so that `flowhook mock --help` loads nothing else. */
import { DEFAULT_JOURNAL_BODY_BYTES, DEFAULT_JOURNAL_LIMIT, DEFAULT_JOURNAL_MAX_BYTES } from './journal.js';

export const MOCK_OKTA_DEFAULTS = {
  port: 8787,
  host: '127.0.0.1',
  journalLimit: DEFAULT_JOURNAL_LIMIT, // executions
  journalMaxBytes: DEFAULT_JOURNAL_MAX_BYTES, // 64 MiB over all executions
  journalBodyBytes: DEFAULT_JOURNAL_BODY_BYTES, // 256 KiB of each body
  invokeTimeoutMs: 60_000, // Okta closes an invoke connection at 60 s
  maxBodyBytes: 1_048_576, // 1 MiB
  accessTokenLifetimeSec: 3600, // Okta's org authorization server issues one-hour tokens
} as const;
