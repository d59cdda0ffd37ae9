import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLOWHOOK_ARGS } from '../cli/flowhook-command.js';


function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...FLOWHOOK_ARGS, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
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

  it('exits with status 2 and says how to fix it when an allowed host or an API token cannot be used', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowhook-serve-'));
    const db = join(dir, 'flowhook.db');
    try {
      const host = await run(['serve', '--port', '0', '--db', db, '--allowed-host', 'https://flowhook.example.com']);
      expect(host.code).toBe(2);
      expect(host.stderr).toBe(
        'error: --allowed-host: "https://flowhook.example.com" is a URL; give only its host name, e.g. "flowhook.example.com"\n' +
          "hint: Give each name the browser's address bar shows, without scheme or port: --allowed-host flowhook.example.com, or FLOWHOOK_ALLOWED_HOSTS=a.example.com,b.example.com.\n",
      );
      const wildcard = await run(['serve', '--port', '0', '--db', db], { FLOWHOOK_ALLOWED_HOSTS: 'flowhook.example.com,*' });
      expect(wildcard.code).toBe(2);
      expect(wildcard.stderr).toMatch(/^error: FLOWHOOK_ALLOWED_HOSTS: "\*" would allow every name/);
      const token = await run(['serve', '--port', '0', '--db', db], { FLOWHOOK_API_TOKENS: 'a-long-enough-operator-token,hunter2' });
      expect(token.code).toBe(2);
      expect(token.stderr).toBe(
        'error: API token 2 of FLOWHOOK_API_TOKENS is 7 characters long; an API token needs at least 16\n' +
          'hint: Use long random tokens, e.g. from "openssl rand -base64 32"; separate tokens with commas in FLOWHOOK_API_TOKENS, or put one a line in the token file.\n',
      );
      expect(token.stderr).not.toContain('hunter2');
      expect(existsSync(db)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
