/**
 * Reads files named on the command line: a regular file of at most 1 MiB, as UTF-8 with or without a
 * byte order mark. A device (`/dev/zero`), a FIFO or a socket is refused before reading, so a wrong path
 * cannot hang the command or fill its memory. A missing file, one that is not regular or too large, or
 * broken JSON is a FLOWHOOK_FILE_UNREADABLE with its line.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { FlowhookError } from '../errors.js';

/** The most a file named on the command line may hold, in bytes: 1 MiB, the most a flow accepts as a body. */
export const FILE_SIZE_LIMIT = 1024 * 1024;

export interface JsonFileRole {
  /** What the file holds, for messages: `webhook config`. */
  what: string;
  /** The option that named it: `--webhook`. */
  option: string;
}

/** Why a file could not be read, in words a message ends with: `no such file`, `it is a directory`. */
export class UnreadableFile extends Error {
  constructor(
    readonly why: string,
    options?: { cause?: unknown },
  ) {
    super(why, options);
    this.name = 'UnreadableFile';
  }
}

export function readJsonFile(file: string, role: JsonFileRole): unknown {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (err) {
    if (!(err instanceof UnreadableFile)) throw err;
    throw new FlowhookError('FLOWHOOK_FILE_UNREADABLE', `cannot read ${role.what} "${file}": ${err.why}`, {
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

/** The text of a regular file of at most `limit` bytes, without a byte order mark; throws UnreadableFile. */
export function readTextFile(file: string, limit = FILE_SIZE_LIMIT): string {
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO nobody writes to returns at once (and is then refused).
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new UnreadableFile(openProblem(err), { cause: err });
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new UnreadableFile(notRegular(stats));
    if (stats.size > limit) throw new UnreadableFile(tooLarge(stats.size, limit));
    const text = readAtMost(fd, limit).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } finally {
    closeSync(fd);
  }
}

/** Reads to the end, or throws once more than `limit` bytes came (the file grew since it was measured). */
function readAtMost(fd: number, limit: number): Buffer {
  const buffer = Buffer.allocUnsafe(limit + 1);
  let size = 0;
  for (;;) {
    let read: number;
    try {
      read = readSync(fd, buffer, size, buffer.length - size, null);
    } catch (err) {
      throw new UnreadableFile(lowerFirst((err as Error).message), { cause: err });
    }
    if (read === 0) return buffer.subarray(0, size);
    size += read;
    if (size > limit) throw new UnreadableFile(tooLarge(undefined, limit));
  }
}

function openProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return lowerFirst((err as Error).message);
}

function notRegular(stats: Stats): string {
  if (stats.isDirectory()) return 'it is a directory';
  const kind = stats.isCharacterDevice()
    ? 'a character device'
    : stats.isBlockDevice()
      ? 'a block device'
      : stats.isFIFO()
        ? 'a FIFO'
        : stats.isSocket()
          ? 'a socket'
          : 'not a file';
  return `it is ${kind}, not a regular file`;
}

/** `size` undefined: the file grew past the limit while it was read. */
function tooLarge(size: number | undefined, limit: number): string {
  const most = limit % (1024 * 1024) === 0 ? `${limit / 1024 / 1024} MiB` : `${limit} bytes`;
  return `it is ${size === undefined ? '' : `${size} bytes, `}more than the ${most} allowed`;
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
