import { readFileSync } from 'node:fs';

/** The version in flowhook's package.json, found from this module upward (it is compiled into `dist/<format>/src/`). */
function packageVersion(): string {
  for (let dir = new URL('./', import.meta.url); ; ) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'flowhook' && typeof pkg.version === 'string') return pkg.version;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const parent = new URL('../', dir);
    if (parent.href === dir.href) throw new Error(`flowhook's package.json was not found above ${import.meta.url}`);
    dir = parent;
  }
}

export const VERSION: string = packageVersion();
export const USER_AGENT = `flowhook/${VERSION}`;
