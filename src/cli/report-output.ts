/**
 * Where the report of `flowhook test` or `send` goes: `--reporter` (or `--json`, its `json` form) picks
 * the reporter; its text goes to standard output, or with `--output FILE` the json or junit document
 * goes to the file and the summary to standard output, so that a CI log still shows each verdict.
 * Everything written, the file included, passes the secrets filter of the command's RedactingIO.
 */
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { FlowhookError } from '../errors.js';
import type { RedactingIO } from './io.js';
import { DOCUMENT_REPORTERS, type ReporterName } from './reporter-names.js';
import { reporter, type Report, type Reporter, type RunInfo, type TriggerResult } from './reporters.js';

export interface ReportOptions {
  /** pretty when absent. */
  reporter?: ReporterName;
  /** `--json`: the same as `--reporter json`. */
  json?: boolean;
  /** A file for the json or junit document. */
  output?: string;
  /** pretty: also show the invocation data of `send`. */
  verbose?: boolean;
}

/** The reporter the options ask for; throws FLOWHOOK_OPTION_INVALID when they disagree. */
export function reporterNameOf(options: ReportOptions): ReporterName {
  if (options.json === true && options.reporter !== undefined && options.reporter !== 'json') {
    throw new FlowhookError('FLOWHOOK_OPTION_INVALID', `--json asks for the json reporter, but --reporter asks for ${options.reporter}`, {
      hint: 'pass one of them: --json is short for --reporter json',
    });
  }
  const name = options.json === true ? 'json' : (options.reporter ?? 'pretty');
  if (options.output !== undefined && !DOCUMENT_REPORTERS.includes(name)) {
    throw new FlowhookError('FLOWHOOK_OPTION_INVALID', `--output writes a json or junit report, but the reporter is ${name}`, {
      hint: 'add --reporter junit or --reporter json, or leave out --output to print the report',
    });
  }
  return name;
}

interface Sink {
  reporter: Reporter;
  write(text: string): void;
}

export class ReportOutput {
  readonly #sinks: Sink[];
  readonly #file: { path: string; fd: number; chunks: string[] } | undefined;

  private constructor(sinks: Sink[], file?: { path: string; fd: number; chunks: string[] }) {
    this.#sinks = sinks;
    this.#file = file;
  }

  /**
   * Opens (creates or empties) the `--output` file at once, so that a path that cannot be written is
   * bad input before anything is sent. Call `close()` when done.
   */
  static open(options: ReportOptions, output: RedactingIO): ReportOutput {
    const name = reporterNameOf(options);
    const redact = (text: string) => output.redact(text);
    const toStdout = (chosen: ReporterName): Sink => ({ reporter: reporter(chosen, { verbose: options.verbose === true, redact }), write: (text) => output.out(text) });
    if (options.output === undefined) return new ReportOutput([toStdout(name)]);
    const file = { path: options.output, fd: openForWriting(options.output), chunks: [] as string[] };
    const document: Sink = { reporter: reporter(name, { redact }), write: (text) => file.chunks.push(output.redact(text)) };
    return new ReportOutput([document, toStdout('summary')], file);
  }

  begin(run: RunInfo): void {
    for (const sink of this.#sinks) this.#write(sink, sink.reporter.begin(run));
  }

  result(result: TriggerResult, run: RunInfo): void {
    for (const sink of this.#sinks) this.#write(sink, sink.reporter.result(result, run));
  }

  /** Writes the end of every report, and the `--output` file. */
  end(report: Report): void {
    for (const sink of this.#sinks) this.#write(sink, sink.reporter.end(report));
    if (this.#file !== undefined) writeFileSync(this.#file.fd, `${this.#file.chunks.join('\n')}\n`);
  }

  close(): void {
    if (this.#file !== undefined) closeSync(this.#file.fd);
  }

  #write(sink: Sink, text: string | undefined): void {
    if (text !== undefined) sink.write(text);
  }
}

function openForWriting(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'its directory does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new FlowhookError('FLOWHOOK_OPTION_INVALID', `--output "${path}" cannot be written: ${why}`, {
      hint: 'name a file in a directory that exists and may be written to',
      cause: err,
    });
  }
}
