/** Where a command writes and what it reads from its environment, so commands run in-process in tests. */
import { secretRedactor } from '../core/redact.js';

export interface CommandIO {
  /** Writes a line (or lines joined by newlines) of results to standard output. */
  out(text: string): void;
  /** Writes a line of diagnostics to standard error. */
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

export const processIO: CommandIO = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
};

/**
 * Output that replaces every secret it has been told about with `[REDACTED]`: the last guard before a
 * terminal or a CI log, for any text that did not come from an already redacted record.
 */
export class RedactingIO implements CommandIO {
  readonly env: NodeJS.ProcessEnv;
  readonly #io: CommandIO;
  #secrets: string[] = [];
  #redact: (text: string) => string = (text) => text;

  constructor(io: CommandIO) {
    this.#io = io;
    this.env = io.env;
  }

  addSecrets(secrets: Iterable<string>): void {
    this.#secrets.push(...secrets);
    this.#redact = secretRedactor(this.#secrets);
  }

  /** `text` with every secret known so far replaced, for output that does not go through `out` or `err` (a report file). */
  redact(text: string): string {
    return this.#redact(text);
  }

  out(text: string): void {
    this.#io.out(this.#redact(text));
  }

  err(text: string): void {
    this.#io.err(this.#redact(text));
  }
}
