// @ts-check
/** The flows list: alias, security level, the URLs that invoke the flow, and what the flow answers. */
import { copyButton, h, replace, statusDot, visuallyHidden } from './kit/dom.js';
import { errorText } from './kit/http.js';
import { mockApi } from './mock-api.js';
import { takeNotice } from './notice.js';

/** @typedef {import('./mock-api.js').Flow} Flow */
/** @typedef {import('./mock-api.js').FlowResponse} FlowResponse */
/** @typedef {import('./mock-api.js').SecurityLevel} SecurityLevel */

/** Okta's names for the security levels of an API Endpoint flow. @type {Record<SecurityLevel, string>} */
export const SECURITY_LABELS = {
  public: 'None (public service)',
  clientToken: 'Secure with client token',
  oauth2: 'Secure with OAuth 2.0',
};

/** A response body longer than this is cut in the list. */
const BODY_PREVIEW_CHARS = 80;

/** @param {HTMLElement} main */
export function renderFlows(main) {
  const message = h('p', { role: 'status', class: 'notice' }, takeNotice());
  const body = h('div', { class: 'card table-card' }, h('p', { class: 'empty' }, 'Loading flows…'));
  replace(
    main,
    h('div', { class: 'page-head' }, h('h1', {}, 'Flows'), h('span', { class: 'spacer' }), h('a', { class: 'button button-primary', href: '#/flows/new' }, 'Add flow')),
    message,
    body,
  );

  async function load() {
    try {
      const flows = await mockApi.listFlows();
      replace(body, flows.length === 0 ? h('p', { class: 'empty' }, 'No flows yet. Add one, then point a webhook at its invoke URL.') : table(flows));
    } catch (err) {
      replace(body, h('p', { class: 'empty' }, errorText(err)));
    }
  }

  /** @param {Flow[]} flows */
  function table(flows) {
    return h(
      'table',
      { 'aria-label': 'Flows' },
      h('thead', {}, h('tr', {}, ['Alias', 'Security level', 'Invoke URLs', 'Responses', 'Rate limit', visuallyHidden('Actions')].map((title) => h('th', { scope: 'col' }, title)))),
      h(
        'tbody',
        {},
        flows.map((flow) =>
          h(
            'tr',
            { 'data-alias': flow.alias },
            h('td', {}, h('div', { class: 'name-cell', title: flow.active ? 'On' : 'Off: every invocation is refused with 403' }, statusDot(flow.active), flow.alias), flow.active ? null : h('span', { class: 'badge badge-warn' }, 'Off')),
            h('td', {}, SECURITY_LABELS[flow.security], flow.allowedClients ? h('div', { class: 'muted' }, `Allowed clients: ${flow.allowedClients.join(', ')}`) : null),
            h('td', { class: 'url' }, invokeUrls(flow)),
            h('td', {}, responsesSummary(flow.responses)),
            h('td', {}, flow.rateLimitPerSecond === 0 ? 'None' : `${flow.rateLimitPerSecond}/s`),
            h(
              'td',
              { class: 'actions' },
              h('a', { class: 'button button-small', href: `#/flows/${encodeURIComponent(flow.alias)}`, 'aria-label': `Change ${flow.alias}` }, 'Change'),
              ' ',
              h('button', { type: 'button', class: 'button-small button-danger', 'aria-label': `Delete ${flow.alias}`, onclick: () => void remove(flow.alias) }, 'Delete'),
            ),
          ),
        ),
      ),
    );
  }

  /** @param {string} alias */
  async function remove(alias) {
    if (!confirm(`Delete the flow "${alias}"? Its invoke URL will answer 404.`)) return;
    try {
      await mockApi.deleteFlow(alias);
      message.textContent = `Flow "${alias}" was deleted.`;
    } catch (err) {
      message.textContent = `Flow "${alias}" was not deleted: ${errorText(err)}`;
    }
    await load();
  }

  void load();
}

/**
 * The URL forms a flow answers to: `…/api/flo/{alias}/invoke`, with a copy button, and for a client-token
 * flow also the Apono guide's `…/api/flo/{clientToken}`. The admin API never gives the token, so that
 * form is shown with its placeholder.
 * @param {Flow} flow
 */
function invokeUrls(flow) {
  const invoke = h('li', {}, h('span', {}, flow.invokeUrl), ' ', copyButton({ label: `Copy the invoke URL of ${flow.alias}`, text: () => flow.invokeUrl }));
  if (flow.security !== 'clientToken') return h('ul', { class: 'url-forms' }, invoke);
  const byToken = `${new URL('../', flow.invokeUrl).href}{clientToken}`;
  return h(
    'ul',
    { class: 'url-forms' },
    invoke,
    h('li', {}, h('span', {}, byToken), h('div', { class: 'hint' }, "{clientToken}: the flow's client token")),
  );
}

/**
 * One line per response, in the order they are used; the last one repeats.
 * @param {FlowResponse[]} responses
 */
function responsesSummary(responses) {
  return h(
    'ol',
    { class: 'responses' },
    responses.map((response, index) => h('li', {}, h('code', {}, describeResponse(response)), index === responses.length - 1 && responses.length > 1 ? h('span', { class: 'muted' }, ' (repeats)') : null)),
  );
}

/** @param {FlowResponse} response */
export function describeResponse(response) {
  const parts = [];
  if (response.delayMs) parts.push(`after ${response.delayMs} ms`);
  if (response.fault === 'reset' || response.fault === 'empty' || response.fault === 'timeout') {
    parts.push(`fault: ${response.fault}`);
    return parts.join(' ');
  }
  parts.push(String(response.status ?? 200));
  if (response.fault === 'malformed') parts.push('malformed JSON');
  const body = response.body === undefined ? '{}' : typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  parts.push(body.length > BODY_PREVIEW_CHARS ? `${body.slice(0, BODY_PREVIEW_CHARS)}…` : body);
  return parts.join(' ');
}
