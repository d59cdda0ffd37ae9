/** Files only their owner may read, for secrets kept beside the database: its key and the API token. */
import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';

/** The file's text, or undefined when there is no such file; a file open to others is made 0600 first. */
export function readPrivateFile(path: string): string | undefined {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Writes `text` into a file created 0600 and syncs it; with `wx` an existing file throws EEXIST instead of being replaced. */
export function writePrivateFile(path: string, text: string, flag: 'w' | 'wx'): void {
  const fd = openSync(path, flag, 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
