import { fileURLToPath } from 'node:url';

/** `node` arguments that run this checkout's `flowhook` CLI from its sources, in one process (SIGKILL reaches it). */
export const FLOWHOOK_ARGS: readonly string[] = ['--import', 'tsx', fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))];
