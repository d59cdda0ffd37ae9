import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonFile } from '../../src/cli/read-json-file.js';
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

  it('says when the file is empty', () => {
    const file = files.write('empty.json', '\n');
    expect(thrown(file).message).toBe(`webhook config "${file}" is not valid JSON: the file is empty`);
  });
});
