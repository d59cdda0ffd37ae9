// @ts-check
/**
 * JSON over fetch, with the error body both APIs answer with (`{ code, message, hint, details }`)
 * turned into an ApiError the views can show field by field.
 */

/** @typedef {{ path: string, message: string }} Problem */
/** @typedef {{ code: string, message: string, hint?: string, details?: Problem[] }} ErrorBody */

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {ErrorBody} body
   */
  constructor(status, body) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.hint = body.hint;
    /** @type {Problem[]} */
    this.details = body.details ?? [];
  }
}

/**
 * Sends `body` as JSON when given, with `headers` besides the JSON ones; resolves with the parsed answer, or undefined for 204.
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {Record<string, string>} [headers]
 * @returns {Promise<unknown>}
 */
export async function requestJson(method, path, body, headers = {}) {
  /** @type {RequestInit} */
  const init =
    body === undefined
      ? { method, headers: { ...headers, accept: 'application/json' } }
      : { method, headers: { ...headers, accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(path, init);
  if (response.status === 204) return undefined;
  const text = await response.text();
  /** @type {unknown} */
  let parsed;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (response.ok) return parsed;
  throw new ApiError(response.status, isErrorBody(parsed) ? parsed : { code: `HTTP_${response.status}`, message: `${method} ${path} answered ${response.status} ${response.statusText}` });
}

/**
 * @param {unknown} value
 * @returns {value is ErrorBody}
 */
function isErrorBody(value) {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'code') === 'string' && typeof Reflect.get(value, 'message') === 'string';
}

/**
 * One line for a failed call: the API's message and hint, or why the call did not complete.
 * @param {unknown} err
 */
export function errorText(err) {
  if (err instanceof ApiError) return err.hint === undefined ? err.message : `${err.message}. ${err.hint}`;
  return `The request did not complete: ${err instanceof Error ? err.message : String(err)}`;
}
