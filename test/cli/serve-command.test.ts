import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { FLOWHOOK_ARGS } from './flowhook-command.js';


interface ListeningEntry {
  msg: string;
  url: string;
  ui: string;
  db: string;
}

let child: ChildProcess | undefined;
let dir: string | undefined;

afterEach(() => {
  if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('flowhook serve', () => {
  it('logs the address of the web UI when it starts listening, and serves the UI there', { timeout: 60_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowhook-serve-cli-'));
    const db = join(dir, 'flowhook.db');
    const started = spawn(process.execPath, [...FLOWHOOK_ARGS, 'serve', '--port', '0', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
    const listening = await new Promise<ListeningEntry>((resolve, reject) => {
      createInterface({ input: started.stdout }).on('line', (line) => {
        const entry = JSON.parse(line) as Partial<ListeningEntry>;
        if (entry.msg === 'flowhook serve listening') resolve(entry as ListeningEntry);
      });
      void exited.then((code) => reject(new Error(`flowhook serve exited with ${code} before listening`)));
    });

    expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(listening.ui).toBe(`${listening.url}/`);
    expect(listening.db).toBe(db);
    const page = await fetch(listening.ui);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>flowhook</title>');

    started.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
