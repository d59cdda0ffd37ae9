/** Where a command writes and what it reads from its environment, so commands run in-process in tests. */
import { orderSecrets, redactText } from '../core/redact.js';

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
  #secrets: readonly string[] = [];

  constructor(io: CommandIO) {
    this.#io = io;
    this.env = io.env;
  }

  addSecrets(secrets: Iterable<string>): void {
    this.#secrets = orderSecrets([...this.#secrets, ...secrets]);
  }

  out(text: string): void {
    this.#io.out(redactText(text, this.#secrets));
  }

  err(text: string): void {
    this.#io.err(redactText(text, this.#secrets));
  }
}
