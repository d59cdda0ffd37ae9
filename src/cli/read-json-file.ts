/** Reads a JSON file named on the command line; a missing file or broken JSON is a FLOWHOOK_FILE_UNREADABLE with its line. */
import { readFileSync } from 'node:fs';
import { FlowhookError } from '../errors.js';

export interface JsonFileRole {
  /** What the file holds, for messages: `webhook config`. */
  what: string;
  /** The option that named it: `--webhook`. */
  option: string;
}

export function readJsonFile(file: string, role: JsonFileRole): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new FlowhookError('FLOWHOOK_FILE_UNREADABLE', `cannot read ${role.what} "${file}": ${why}`, {
      hint: `check the path given to ${role.option}`,
      cause: err,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new FlowhookError('FLOWHOOK_FILE_UNREADABLE', `${role.what} "${file}" is not valid JSON: ${syntaxProblem(text, err)}`, {
      hint: `fix the JSON syntax of the file given to ${role.option}`,
      cause: err,
    });
  }
}

/** V8's message with its character offset turned into a line and column. */
function syntaxProblem(text: string, err: unknown): string {
  const message = (err as Error).message;
  if (text.trim() === '') return 'the file is empty';
  const position = /^(.*) in JSON at position (\d+)/.exec(message);
  if (position?.[1] === undefined || position[2] === undefined) return lowerFirst(message);
  const before = text.slice(0, Number(position[2]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${lowerFirst(position[1])} at line ${line}, column ${column}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
