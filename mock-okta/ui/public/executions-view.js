// @ts-check
/**
 * Execution history like Okta's: per execution the status, start time, duration and who called, with the
 * input (headers, query, body) and the output a row expands to; newest first, updated live.
 */
import { h, replace, toggleOnRowClick, visuallyHidden } from './kit/dom.js';
import { field } from './kit/fields.js';
import { formatBody, formatDuration, formatFields, formatTime } from './kit/format.js';
import { errorText } from './kit/http.js';
import { every } from './kit/live.js';
import { mockApi } from './mock-api.js';

/** @typedef {import('./mock-api.js').Execution} Execution */

/** Executions shown: the most recent ones the journal keeps. */
const SHOWN = 200;
const POLL_MS = 1000;

/** @param {HTMLElement} main */
export function renderExecutions(main) {
  /** @type {Set<string>} */
  const expanded = new Set();
  /** @type {Map<string, { signature: string, rows: HTMLTableRowElement[] }>} */
  const rendered = new Map();
  const flowFilter = h('select', {}, h('option', { value: '' }, 'All flows'));
  const live = h('span', { class: 'live', role: 'status' }, 'Live');
  const message = h('p', { role: 'status', class: 'muted' });
  const tbody = h('tbody', {});
  const empty = h('p', { class: 'empty', hidden: true }, 'No executions yet. Invoke a flow, or send an event to a webhook that points at one.');
  /** @type {Execution[]} */
  let executions = [];

  replace(
    main,
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, 'Execution history'),
      h('span', { class: 'spacer' }),
      live,
      h('button', { type: 'button', class: 'button-danger', onclick: () => void clear() }, 'Clear history'),
    ),
    h('div', { class: 'filters' }, field({ label: 'Flow', control: flowFilter })),
    message,
    h(
      'div',
      { class: 'card table-card' },
      h(
        'table',
        { 'aria-label': 'Executions, newest first' },
        h('thead', {}, h('tr', {}, ['Status', 'Started', 'Duration', 'Flow', 'Called by', 'Request', visuallyHidden('Input and output')].map((title) => h('th', { scope: 'col' }, title)))),
        tbody,
      ),
      empty,
    ),
  );
  flowFilter.addEventListener('change', () => void poll());

  async function poll() {
    const list = await mockApi.listExecutions({ alias: flowFilter.value, limit: SHOWN });
    executions = list.executions.reverse();
    render();
    message.textContent = list.dropped > 0 ? `The journal dropped its ${list.dropped} oldest executions to stay within its limit.` : '';
  }

  function render() {
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.focusKey : undefined;
    const wanted = executions.flatMap(rowsFor);
    const shown = new Set(executions.map((execution) => execution.executionId));
    for (const id of rendered.keys()) if (!shown.has(id)) rendered.delete(id);
    if (wanted.length !== tbody.children.length || wanted.some((row, index) => tbody.children[index] !== row)) {
      tbody.replaceChildren(...wanted);
      const again = focused === undefined ? null : tbody.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
      if (again instanceof HTMLElement) again.focus();
    }
    empty.hidden = executions.length > 0;
  }

  /** @param {Execution} execution */
  function rowsFor(execution) {
    const open = expanded.has(execution.executionId);
    const signature = `${execution.outcome}:${execution.status}:${open}`;
    const cached = rendered.get(execution.executionId);
    if (cached?.signature === signature) return cached.rows;
    const look = statusOf(execution);
    const toggle = () => {
      if (expanded.has(execution.executionId)) expanded.delete(execution.executionId);
      else expanded.add(execution.executionId);
      render();
    };
    const detailsId = `execution-${execution.executionId}`;
    const summary = h(
      'tr',
      { 'data-execution-id': execution.executionId },
      h('td', { class: 'nowrap' }, h('span', { class: `badge ${look.tone}` }, look.label), execution.status === null ? null : h('span', { class: 'muted' }, ` ${execution.status}`)),
      h('td', { title: execution.receivedAt }, formatTime(execution.receivedAt)),
      h('td', {}, formatDuration(execution.durationMs)),
      h('td', { class: 'nowrap' }, execution.alias ?? h('span', { class: 'muted' }, 'no flow')),
      h('td', {}, caller(execution)),
      h('td', { class: 'url' }, `${execution.method} ${execution.path}`),
      h(
        'td',
        { class: 'actions' },
        h('button', {
          type: 'button',
          class: 'button-small',
          'aria-expanded': String(open),
          'aria-controls': open ? detailsId : undefined,
          'data-focus-key': `details:${execution.executionId}`,
          onclick: toggle,
        }, open ? 'Hide input and output' : 'Input and output'),
      ),
    );
    toggleOnRowClick(summary, toggle);
    const rows = open ? [summary, detailRow(execution, detailsId)] : [summary];
    rendered.set(execution.executionId, { signature, rows });
    return rows;
  }

  async function clear() {
    if (!confirm('Clear the execution history?')) return;
    try {
      await mockApi.clearExecutions();
      await poll();
    } catch (err) {
      message.textContent = `The history was not cleared: ${errorText(err)}`;
    }
  }

  void mockApi.listFlows().then(
    (flows) => flowFilter.append(...flows.map((flow) => h('option', { value: flow.alias }, flow.alias))),
    (err) => {
      message.textContent = `The flows could not be listed: ${errorText(err)}`;
    },
  );
  return every(poll, POLL_MS, (error) => {
    live.classList.toggle('live-failing', error !== null);
    live.textContent = error === null ? 'Live' : `Live updates failing: ${errorText(error)}`;
  });
}

/**
 * @param {Execution} execution
 * @param {string} id
 */
function detailRow(execution, id) {
  const { response } = execution;
  return h(
    'tr',
    { class: 'detail-row', id },
    h(
      'td',
      { colspan: 7 },
      h('p', {}, execution.explanation),
      h('dl', { class: 'facts' }, h('dt', {}, 'Execution id'), h('dd', {}, h('code', {}, execution.executionId)), execution.fault === null ? null : [h('dt', {}, 'Fault'), h('dd', {}, execution.fault)]),
      execution.contract === undefined ? null : contractView(execution.contract),
      h(
        'div',
        { class: 'two-columns' },
        h(
          'section',
          { 'aria-label': 'Input' },
          h('h2', {}, 'Input'),
          h('h3', {}, 'Query'),
          h('pre', { 'data-part': 'input-query' }, formatFields(execution.query)),
          h('h3', {}, 'Headers'),
          h('pre', { 'data-part': 'input-headers' }, formatFields(execution.headers)),
          h('h3', {}, `Body (${execution.bodyKind})`),
          h('pre', { 'data-part': 'input-body' }, formatBody(execution.body)),
        ),
        h(
          'section',
          { 'aria-label': 'Output' },
          h('h2', {}, 'Output'),
          response === null
            ? h('p', { class: 'muted' }, 'No answer was sent.')
            : [
                h('pre', { 'data-part': 'output-status' }, `HTTP ${response.status}`),
                h('h3', {}, 'Headers'),
                h('pre', {}, formatFields(response.headers)),
                h('h3', {}, 'Body'),
                h('pre', { 'data-part': 'output-body' }, formatBody(response.body)),
              ],
        ),
      ),
    ),
  );
}

/**
 * Okta's history shows Success or Error; the mock also says when it refused or closed the call.
 * @param {Execution} execution
 */
function statusOf({ outcome, status }) {
  switch (outcome) {
    case 'pending':
      return { label: 'In progress', tone: 'badge-info' };
    case 'answered':
      return status !== null && status < 400 ? { label: 'Success', tone: 'badge-ok' } : { label: 'Error', tone: 'badge-bad' };
    case 'refused':
      return { label: 'Refused', tone: 'badge-bad' };
    case 'closed':
      return { label: 'Closed', tone: 'badge-warn' };
    case 'clientClosed':
      return { label: 'Caller left', tone: 'badge-warn' };
  }
}

/**
 * Who called: the public, a client token (and where it came), or an OAuth client.
 * @param {Execution} execution
 */
function caller({ auth }) {
  const where = { query: 'clientToken query parameter', header: 'x-api-client-token header', path: 'URL path', bearer: 'Authorization header' };
  const rejected = auth.valid ? '' : ' (refused)';
  switch (auth.level) {
    case null:
      return h('span', { class: 'muted' }, 'unknown flow');
    case 'public':
      return 'Public';
    case 'clientToken':
      return auth.via === null ? `No client token${rejected}` : `Client token in the ${where[auth.via]}${rejected}`;
    case 'oauth2':
      return auth.clientId === undefined ? `No valid OAuth token${rejected}` : `OAuth client ${auth.clientId}${rejected}`;
  }
}

/**
 * How the input met the flow's contract: the problems, each at its path.
 * @param {NonNullable<Execution['contract']>} contract
 */
function contractView(contract) {
  if (contract.ok) return h('p', { 'data-part': 'contract' }, 'Contract: the input has what the flow reads.');
  return h(
    'section',
    { 'aria-label': 'Contract problems', 'data-part': 'contract' },
    h('h3', {}, 'Contract problems'),
    h('ul', {}, contract.problems.map((problem) => h('li', {}, h('code', {}, problem.path), ` ${problem.message}`))),
  );
}
