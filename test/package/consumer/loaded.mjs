// `node loaded.mjs <specifier>`: imports one entry point and prints every module URL that loading it resolved.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'flowhook-loaded-'));
const log = join(dir, 'resolved.txt');
register('./record-resolved.mjs', import.meta.url, { data: { log } });
await import(process.argv[2]);
console.log(JSON.stringify(readFileSync(log, 'utf8').split('\n').filter(Boolean)));
rmSync(dir, { recursive: true, force: true });
