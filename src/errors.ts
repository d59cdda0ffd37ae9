/**
 * Every error a user can cause, in one registry: its code, the HTTP status an API answers with, and
 * the CLI exit code. Code branches on `err.code`, never on message text.
 */

export const ERROR_CODES = {
  /** A webhook config breaks one or more rules; `details` lists each problem with its JSON path. */
  FLOWHOOK_CONFIG_INVALID: { status: 422, exit: 2 },
  /** An access-request event does not match the payload schema; `details` lists each problem. */
  FLOWHOOK_EVENT_INVALID: { status: 422, exit: 2 },
  /** The body template does not compile, or does not render to JSON. */
  FLOWHOOK_TEMPLATE_INVALID: { status: 422, exit: 2 },
  /** The target URL is not allowed (not HTTPS, custom port, loopback or private address). */
  FLOWHOOK_URL_REFUSED: { status: 422, exit: 2 },
  /** A request to an API does not match its OpenAPI description. */
  FLOWHOOK_BAD_REQUEST: { status: 400, exit: 2 },
  /** A file named on the command line cannot be read or parsed. */
  FLOWHOOK_FILE_UNREADABLE: { status: 400, exit: 2 },
  /** A management API request carries no API token or session, or one the server does not accept. */
  FLOWHOOK_UNAUTHENTICATED: { status: 401, exit: 2 },
  /** The request's Host header is not a name the server answers to (a guard against DNS rebinding). */
  FLOWHOOK_HOST_REFUSED: { status: 421, exit: 2 },
  /** A request that changes something came from another origin than the server's own. */
  FLOWHOOK_ORIGIN_REFUSED: { status: 403, exit: 2 },
  /** A command-line option or environment variable has a value that cannot be used. */
  FLOWHOOK_OPTION_INVALID: { status: 400, exit: 2 },
  /** The thing asked for does not exist. */
  FLOWHOOK_NOT_FOUND: { status: 404, exit: 2 },
  /** The thing to create already exists (for example a webhook name). */
  FLOWHOOK_CONFLICT: { status: 409, exit: 2 },
  /** A mock flow definition (admin API, config file or `startMockOkta`) breaks a rule; `details` names each field. */
  FLOWHOOK_MOCK_FLOW_INVALID: { status: 400, exit: 2 },
  /** Fewer matching executions than asked for reached the mock before the wait ran out. */
  FLOWHOOK_MOCK_WAIT_TIMEOUT: { status: 408, exit: 1 },
  /**
   * The database file cannot be opened, is not a flowhook database, is damaged, was written by a newer flowhook, or
   * its secrets were sealed with another key.
   */
  FLOWHOOK_DATABASE_UNUSABLE: { status: 500, exit: 2 },
  /** Another engine holds the database: one engine runs per database file; the message names the holder. */
  FLOWHOOK_DATABASE_LOCKED: { status: 503, exit: 2 },
  /** A write (or read) failed for a cause outside the request: the disk is full, an I/O error, a damaged file. */
  FLOWHOOK_DATABASE_UNAVAILABLE: { status: 503, exit: 1 },
  /** The secret key (FLOWHOOK_SECRET_KEY, the key file) is missing, malformed or unreadable. */
  FLOWHOOK_SECRET_KEY_INVALID: { status: 500, exit: 2 },
  /** The delivery engine is stopping and takes no more work. */
  FLOWHOOK_SHUTTING_DOWN: { status: 503, exit: 1 },
  /** A bug in flowhook, not in the request; the server log has the cause. */
  FLOWHOOK_INTERNAL: { status: 500, exit: 1 },
  /** The OAuth token endpoint gave no usable access token; the message quotes its `error` and `error_description`. */
  FLOWHOOK_TOKEN_FAILED: { status: 502, exit: 1 },
  /** A mock OAuth client registration (admin API, config file or `startMockOkta`) breaks a rule; `details` names each field. */
  FLOWHOOK_MOCK_CLIENT_INVALID: { status: 400, exit: 2 },
} as const;

export type FlowhookErrorCode = keyof typeof ERROR_CODES;

/** One problem found in a document, located by a JSON path such as `$.triggers[2]`. */
export interface Problem {
  path: string;
  message: string;
}

export interface FlowhookErrorOptions {
  /** What to do about it, in the imperative. */
  hint?: string;
  /** Each problem when there are several. */
  details?: Problem[];
  cause?: unknown;
}

export class FlowhookError extends Error {
  readonly code: FlowhookErrorCode;
  readonly hint: string | undefined;
  readonly details: Problem[] | undefined;

  constructor(code: FlowhookErrorCode, message: string, options: FlowhookErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FlowhookError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  /** The one error body every API answers with. */
  toJSON(): { code: FlowhookErrorCode; message: string; hint?: string; details?: Problem[] } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export function isFlowhookError(err: unknown): err is FlowhookError {
  return err instanceof FlowhookError;
}

/** The message of an error that lists problems: `<subject> has 2 problems: $.url …; $.triggers …`. */
export function problemSummary(subject: string, problems: readonly Problem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `${subject} has ${count}: ${problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`;
}
