import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLOWHOOK_ARGS } from '../cli/flowhook-command.js';


function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...FLOWHOOK_ARGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('flowhook serve', () => {
  it('exits with status 2 and says how to fix it when the database cannot be used', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowhook-serve-'));
    const file = join(dir, 'not-a-db.db');
    writeFileSync(file, 'not a database '.repeat(100));
    try {
      const { code, stderr } = await run(['serve', '--port', '0', '--db', file]);
      expect(code).toBe(2);
      expect(stderr).toBe(
        `error: cannot open database "${file}": file is not a database\n` +
          'hint: Pass --db with the path of a writable file; flowhook creates it when it does not exist.\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
