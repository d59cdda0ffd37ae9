/**
 * What the management API shows of an invocation record (Test answers and stored attempts alike). The
 * API is a window onto flows, not a way to fetch pages: with `--allow-local` the engine can reach
 * services on the server's own network, so a response body is shown only when the target is a flow URL
 * (an Okta Workflows URL, or Okta's flow path `/api/flo/…` on any host, as the mock serves it). For any
 * other URL the record keeps the status, the headers (redacted), the body's content type and size,
 * whether each validator passed but not what it found, and a reason that does not quote the target.
 */
import { flowPath, recogniseOktaUrl } from '../core/okta-url.js';
import { describeValidatorFailures } from '../core/response-validators.js';
import type { InvocationRecord } from '../types.js';

/** A reason quoting the target's own error text: `404 from the target (it says: "…"): …`. */
const QUOTED_TARGET = / \(it says: "(?:[^"\\]|\\.)*"\)/;

/** Whether `url` (as a record shows it, redacted) is a flow's URL, whose answers the API shows whole. */
export function isFlowUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  return recogniseOktaUrl(url) !== null || flowPath(new URL(url).pathname) !== null;
}

export function invocationJson(record: InvocationRecord): InvocationRecord {
  const { response } = record;
  if (response === undefined || isFlowUrl(record.request.url)) return record;
  const validators = record.validators.map(({ actual: _actual, ...outcome }) =>
    outcome.passed || outcome.reason?.startsWith('the response body') === true
      ? outcome
      : { ...outcome, reason: `expected one of [${outcome.expectedValues.join(', ')}]; what it found is not shown, as the URL is not a flow's` },
  );
  const withheld: InvocationRecord = {
    ...record,
    response: {
      status: response.status,
      headers: response.headers,
      body: '',
      bodyTruncated: response.bodyTruncated,
      bodyWithheld: { bytes: Buffer.byteLength(response.body, 'utf8'), contentType: response.headers['content-type'] ?? null },
    },
    validators,
  };
  if (record.reason !== undefined) {
    const answered = response.status >= 200 && response.status < 300;
    withheld.reason = answered ? (describeValidatorFailures(validators) ?? record.reason) : record.reason.replace(QUOTED_TARGET, '');
  }
  return withheld;
}
