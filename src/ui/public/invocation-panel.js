// @ts-check
/**
 * "View Invocation Data": a panel on the right with the request, the response and the details (timings,
 * validators, reason) of one attempt. Records come from the API with every secret already `[REDACTED]`.
 */
import { h } from './kit/dom.js';
import { formatBody, formatDuration, formatFields, formatTime } from './kit/format.js';

/** @typedef {import('./api.js').InvocationRecord} InvocationRecord */
/** @typedef {import('./kit/dom.js').Child} Child */

/**
 * Opens the panel as a modal dialog: the focus moves into it, Escape or Close closes it and the focus
 * returns to where it was.
 * @param {InvocationRecord} record
 * @param {string} title
 */
export function openInvocationPanel(record, title) {
  const opener = document.activeElement;
  const close = h('button', { type: 'button', onclick: () => dialog.close() }, 'Close');
  const dialog = h(
    'dialog',
    { class: 'side-panel', 'aria-labelledby': 'invocation-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'invocation-title' }, title), verdictBadge(record), close),
    h('div', { class: 'panel-body' }, requestSection(record), responseSection(record), detailsSection(record)),
  );
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener instanceof HTMLElement) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}

/** @param {InvocationRecord} record */
function verdictBadge(record) {
  return record.verdict === 'successful' ? h('span', { class: 'badge badge-ok' }, 'Successful') : h('span', { class: 'badge badge-bad' }, 'Failed');
}

/** @param {InvocationRecord} record */
function requestSection({ request }) {
  return h(
    'section',
    { 'aria-labelledby': 'invocation-request' },
    h('h3', { id: 'invocation-request' }, 'Request'),
    h('pre', { 'data-part': 'request-line' }, `${request.method} ${request.url}`),
    h('h3', {}, 'Headers'),
    h('pre', { 'data-part': 'request-headers' }, formatFields(request.headers)),
    h('h3', {}, 'Body'),
    h('pre', { 'data-part': 'request-body' }, formatBody(request.body)),
  );
}

/** @param {InvocationRecord} record */
function responseSection({ response, error }) {
  return h(
    'section',
    { 'aria-labelledby': 'invocation-response' },
    h('h3', { id: 'invocation-response' }, 'Response'),
    response === undefined
      ? h('p', {}, error === undefined ? 'No response.' : `No response (${error.kind}): ${error.message}`)
      : [
          h('pre', { 'data-part': 'response-status' }, `HTTP ${response.status}`),
          h('h3', {}, 'Headers'),
          h('pre', { 'data-part': 'response-headers' }, formatFields(response.headers)),
          h('h3', {}, response.bodyTruncated ? 'Body (cut at 64 KiB)' : 'Body'),
          response.bodyWithheld === undefined
            ? h('pre', { 'data-part': 'response-body' }, formatBody(response.body))
            : h(
                'p',
                { class: 'muted', 'data-part': 'response-body' },
                `Not shown: ${response.bodyWithheld.bytes} bytes of ${response.bodyWithheld.contentType ?? 'unknown type'}. ` +
                  "The API shows a body only from a flow's URL (…/api/flo/…), so that Test cannot read other pages.",
              ),
        ],
  );
}

/** @param {InvocationRecord} record */
function detailsSection(record) {
  const { timings, auth } = record;
  /** @type {[string, Child][]} */
  const facts = [
    ['Verdict', record.verdict],
    ...(record.reason === undefined ? [] : /** @type {[string, Child][]} */ ([['Reason', record.reason]])),
    ['Webhook', record.webhook],
    ['Trigger', record.trigger],
    ['Delivery id', h('code', {}, record.deliveryId)],
    ['Started', h('span', { title: timings.startedAt }, formatTime(timings.startedAt))],
    ['Total time', formatDuration(timings.totalMs)],
    ...(timings.headersMs === undefined ? [] : /** @type {[string, Child][]} */ ([['Until response headers', formatDuration(timings.headersMs)]])),
    ...(timings.tokenMs === undefined ? [] : /** @type {[string, Child][]} */ ([['Getting the OAuth token', formatDuration(timings.tokenMs)]])),
    ['Authentication', describeAuth(auth)],
  ];
  return h(
    'section',
    { 'aria-labelledby': 'invocation-details' },
    h('h3', { id: 'invocation-details' }, 'Details'),
    h('dl', { class: 'facts', 'data-part': 'details' }, facts.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
    h('h3', {}, 'Response validators'),
    record.validators.length === 0
      ? h('p', { class: 'muted' }, 'None: a 2xx answer is a success.')
      : h(
          'table',
          { 'aria-label': 'Response validators' },
          h('thead', {}, h('tr', {}, ['JSON path', 'Expected', 'Found', 'Result'].map((title) => h('th', { scope: 'col' }, title)))),
          h(
            'tbody',
            {},
            record.validators.map((validator) =>
              h(
                'tr',
                {},
                h('td', {}, h('code', {}, validator.jsonPath)),
                h('td', {}, validator.expectedValues.join(', ')),
                h('td', {}, foundBy(validator, record)),
                h('td', {}, validator.passed ? h('span', { class: 'badge badge-ok' }, 'Passed') : h('span', { class: 'badge badge-bad' }, validator.reason ?? 'Failed')),
              ),
            ),
          ),
        ),
  );
}

/**
 * What a validator found, as the Found cell shows it.
 * @param {InvocationRecord['validators'][number]} validator
 * @param {InvocationRecord} record
 */
function foundBy(validator, record) {
  if ('actual' in validator) return h('code', {}, JSON.stringify(validator.actual));
  return h('span', { class: 'muted' }, record.response?.bodyWithheld === undefined ? 'nothing' : 'not shown');
}

/** @param {InvocationRecord['auth']} auth */
function describeAuth(auth) {
  switch (auth.kind) {
    case 'none':
      return 'None';
    case 'bearer':
      return 'Bearer token';
    case 'client_token':
      return `Client token in the ${auth.clientTokenIn ?? 'request'}`;
    case 'oauth': {
      const parts = [
        `OAuth 2.0 client "${auth.clientId ?? '?'}"`,
        auth.clientAuthMethod,
        auth.scopes === undefined ? undefined : `scopes ${auth.scopes.join(' ')}`,
        auth.tokenEndpoint === undefined ? undefined : `token from ${auth.tokenEndpoint}`,
        auth.tokenRefreshed ? 'token refreshed after a 401' : undefined,
      ];
      return parts.filter((part) => part !== undefined).join(' · ');
    }
  }
}
