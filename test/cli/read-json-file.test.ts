import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FILE_SIZE_LIMIT, readJsonFile } from '../../src/cli/read-json-file.js';
import { FlowhookError } from '../../src/errors.js';
import { tempFiles } from './temp-files.js';

const ROLE = { what: 'webhook config', option: '--webhook' };

let files: ReturnType<typeof tempFiles>;
beforeEach(() => {
  files = tempFiles();
});
afterEach(() => files.remove());

function thrown(file: string): FlowhookError {
  try {
    readJsonFile(file, ROLE);
  } catch (err) {
    if (err instanceof FlowhookError) return err;
    throw err;
  }
  throw new Error('readJsonFile did not throw');
}

describe('readJsonFile', () => {
  it('returns the parsed JSON value', () => {
    expect(readJsonFile(files.write('ok.json', { name: 'x', triggers: ['RequestCreated'] }), ROLE)).toEqual({
      name: 'x',
      triggers: ['RequestCreated'],
    });
  });

  it('names a missing file and the option that gave it', () => {
    const error = thrown(`${files.dir}/nope.json`);
    expect(error.code).toBe('FLOWHOOK_FILE_UNREADABLE');
    expect(error.message).toBe(`cannot read webhook config "${files.dir}/nope.json": no such file`);
    expect(error.hint).toBe('check the path given to --webhook');
    expect(error.exitCode).toBe(2);
  });

  it('says when the path is a directory', () => {
    expect(thrown(files.dir).message).toBe(`cannot read webhook config "${files.dir}": it is a directory`);
  });

  it('gives the line and column of a JSON syntax error', () => {
    const file = files.write('broken.json', '{\n  "name": "x"\n  "url": "https://example.com"\n}');
    const error = thrown(file);
    expect(error.code).toBe('FLOWHOOK_FILE_UNREADABLE');
    expect(error.message).toBe(`webhook config "${file}" is not valid JSON: expected ',' or '}' after property value at line 3, column 3`);
    expect(error.hint).toBe('fix the JSON syntax of the file given to --webhook');
  });

  it('accepts a UTF-8 byte order mark', () => {
    const file = files.write('bom.json', '\ufeff{"name": "x"}');
    expect(readJsonFile(file, ROLE)).toEqual({ name: 'x' });
  });

  it('refuses /dev/zero at once instead of reading it forever', () => {
    const error = thrown('/dev/zero');
    expect(error.code).toBe('FLOWHOOK_FILE_UNREADABLE');
    expect(error.message).toBe('cannot read webhook config "/dev/zero": it is a character device, not a regular file');
    expect(error.hint).toBe('check the path given to --webhook');
  });

  it('refuses a FIFO without waiting for a writer', () => {
    const fifo = join(files.dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    expect(thrown(fifo).message).toBe(`cannot read webhook config "${fifo}": it is a FIFO, not a regular file`);
  });

  it('refuses a file over 1 MiB, and reads one of exactly 1 MiB', () => {
    const big = files.write('big.json', `"${'x'.repeat(FILE_SIZE_LIMIT - 1)}"`);
    expect(thrown(big).message).toBe(`cannot read webhook config "${big}": it is ${FILE_SIZE_LIMIT + 1} bytes, more than the 1 MiB allowed`);
    const exact = files.write('exact.json', `"${'x'.repeat(FILE_SIZE_LIMIT - 2)}"`);
    expect(readJsonFile(exact, ROLE)).toHaveLength(FILE_SIZE_LIMIT - 2);
  });

  it('says when the file is empty', () => {
    const file = files.write('empty.json', '\n');
    expect(thrown(file).message).toBe(`webhook config "${file}" is not valid JSON: the file is empty`);
  });
});
