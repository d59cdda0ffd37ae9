import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** tsx's loader by its file URL, so that `--import` finds it from any working directory. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** `node` arguments that run this checkout's `flowhook` CLI from its sources, in one process (SIGKILL reaches it). */
export const FLOWHOOK_ARGS: readonly string[] = ['--import', TSX, fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))];
