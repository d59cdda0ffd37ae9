// @ts-check
/**
 * Recent deliveries, newest first, updated live from the API's change cursor: status, attempts (expand a
 * row for each attempt's invocation data), filters by webhook, status and trigger, and Replay.
 */
import { api, TRIGGERS } from './api.js';
import { deliveryBadge, lastResult } from './delivery-status.js';
import { openInvocationPanel } from './invocation-panel.js';
import { h, replace, toggleOnRowClick, visuallyHidden } from './kit/dom.js';
import { field } from './kit/fields.js';
import { formatDuration, formatTime } from './kit/format.js';
import { errorText } from './kit/http.js';
import { every } from './kit/live.js';
import { readableReason } from './retries.js';

/** @typedef {import('./api.js').DeliverySummary} DeliverySummary */
/** @typedef {import('./api.js').DeliveryDetail} DeliveryDetail */
/** @typedef {import('./api.js').DeliveryStatus} DeliveryStatus */
/** @typedef {import('./api.js').Trigger} Trigger */

/** Deliveries shown at first; newer ones are added as they come. */
const FIRST_PAGE = 200;
const POLL_MS = 1000;
/** Every delivery status once (the type checker holds this to the schema's list). @type {Record<DeliveryStatus, true>} */
const STATUS_SET = { pending: true, in_flight: true, delivered: true, failed: true };
const STATUSES = /** @type {DeliveryStatus[]} */ (Object.keys(STATUS_SET));

/** @param {HTMLElement} main */
export function renderDeliveries(main) {
  /** @type {Map<string, DeliverySummary>} */
  const deliveries = new Map();
  /** @type {Map<string, { version: number, row: HTMLTableRowElement }>} */
  const rows = new Map();
  /** @type {Map<string, { version: number, row: HTMLTableRowElement }>} */
  const details = new Map();
  /** @type {Set<string>} */
  const expanded = new Set();
  let cursor = 0;
  let generation = 0;
  let stop = () => {};

  const webhookFilter = h('select', {}, h('option', { value: '' }, 'All webhooks'));
  const statusFilter = h('select', {}, h('option', { value: '' }, 'Any status'), STATUSES.map((status) => h('option', { value: status }, status)));
  const triggerFilter = h('select', {}, h('option', { value: '' }, 'Any trigger'), TRIGGERS.map((trigger) => h('option', { value: trigger }, trigger)));
  const live = h('span', { class: 'live', role: 'status' }, 'Live');
  const message = h('p', { role: 'status', class: 'muted' });
  const tbody = h('tbody', {});
  const empty = h('p', { class: 'empty', hidden: true }, 'No deliveries match. Send an event, or wait for one.');

  replace(
    main,
    h('div', { class: 'page-head' }, h('h1', {}, 'Deliveries'), h('span', { class: 'spacer' }), live),
    h(
      'div',
      { class: 'filters' },
      field({ label: 'Webhook', control: webhookFilter }),
      field({ label: 'Status', control: statusFilter }),
      field({ label: 'Trigger', control: triggerFilter }),
    ),
    message,
    h(
      'div',
      { class: 'card table-card' },
      h(
        'table',
        { 'aria-label': 'Deliveries' },
        h('thead', {}, h('tr', {}, ['Created', 'Webhook', 'Trigger', 'Status', 'Attempts', 'Last result', visuallyHidden('Replay')].map((title) => h('th', { scope: 'col' }, title)))),
        tbody,
      ),
      empty,
    ),
  );

  for (const select of [webhookFilter, statusFilter, triggerFilter]) select.addEventListener('change', () => void restart());

  /** Loads the first page for the server-side filters, then follows changes from its cursor. */
  async function restart() {
    stop();
    generation += 1;
    const mine = generation;
    deliveries.clear();
    rows.clear();
    details.clear();
    const trigger = triggerOrUndefined(triggerFilter.value);
    const page = await api.listDeliveries({ webhook: webhookFilter.value, status: statusOrUndefined(statusFilter.value), trigger, limit: FIRST_PAGE });
    if (mine !== generation) return;
    for (const delivery of page.deliveries) deliveries.set(delivery.id, delivery);
    cursor = page.cursor;
    await sync();
    if (mine !== generation) return;
    stop = every(
      async () => {
        // Not by status: a delivery whose status changes must leave or join the list.
        const changes = await api.listDeliveries({ webhook: webhookFilter.value, trigger, cursor, limit: 1000 });
        if (mine !== generation) return;
        for (const delivery of changes.deliveries) deliveries.set(delivery.id, delivery);
        cursor = changes.cursor;
        if (changes.deliveries.length > 0) await sync();
      },
      POLL_MS,
      (error) => {
        live.classList.toggle('live-failing', error !== null);
        live.textContent = error === null ? 'Live' : `Live updates failing: ${errorText(error)}`;
      },
    );
  }

  /** Shows the deliveries with the chosen status; rows that did not change keep their elements. */
  async function sync() {
    const status = statusFilter.value;
    const visible = [...deliveries.values()]
      .filter((delivery) => status === '' || delivery.status === status)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    await Promise.all(visible.filter((delivery) => expanded.has(delivery.id) && details.get(delivery.id)?.version !== delivery.version).map(loadDetail));
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.focusKey : undefined;
    const wanted = visible.flatMap((delivery) => {
      const detail = expanded.has(delivery.id) ? details.get(delivery.id)?.row : undefined;
      return detail ? [rowFor(delivery), detail] : [rowFor(delivery)];
    });
    if (wanted.length !== tbody.children.length || wanted.some((row, index) => tbody.children[index] !== row)) {
      tbody.replaceChildren(...wanted);
      const again = focused === undefined ? null : tbody.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
      if (again instanceof HTMLElement) again.focus();
    }
    empty.hidden = visible.length > 0;
  }

  /** @param {DeliverySummary} delivery */
  function rowFor(delivery) {
    const cached = rows.get(delivery.id);
    if (cached?.version === delivery.version) return cached.row;
    const open = expanded.has(delivery.id);
    const attempts =
      delivery.attemptCount === 0
        ? h('span', { class: 'muted' }, '0')
        : h(
            'button',
            {
              type: 'button',
              class: 'button-link',
              'aria-expanded': String(open),
              'data-focus-key': `attempts:${delivery.id}`,
              onclick: () => void toggle(delivery.id),
            },
            `${open ? '▾' : '▸'} ${delivery.attemptCount} attempt${delivery.attemptCount === 1 ? '' : 's'}`,
          );
    const row = h(
      'tr',
      { 'data-delivery-id': delivery.id },
      h('td', { title: delivery.createdAt }, formatTime(delivery.createdAt)),
      h('td', {}, delivery.webhook),
      h('td', {}, h('span', { class: 'badge' }, delivery.trigger)),
      h('td', {}, deliveryBadge(delivery.status)),
      h('td', {}, attempts),
      h('td', {}, lastResultCell(delivery)),
      h(
        'td',
        { class: 'actions' },
        h('button', {
          type: 'button',
          class: 'button-small',
          disabled: delivery.status === 'in_flight',
          'aria-label': `Replay delivery ${delivery.id}`,
          'data-focus-key': `replay:${delivery.id}`,
          onclick: () => void replay(delivery),
        }, 'Replay'),
      ),
    );
    if (delivery.attemptCount > 0) toggleOnRowClick(row, () => void toggle(delivery.id));
    rows.set(delivery.id, { version: delivery.version, row });
    return row;
  }

  /** @param {string} id */
  async function toggle(id) {
    if (expanded.has(id)) expanded.delete(id);
    else expanded.add(id);
    rows.delete(id);
    await sync();
  }

  /** @param {DeliverySummary} delivery */
  async function loadDetail(delivery) {
    try {
      const detail = await api.getDelivery(delivery.id);
      details.set(delivery.id, { version: delivery.version, row: detailRow(detail) });
    } catch (err) {
      details.set(delivery.id, { version: delivery.version, row: h('tr', { class: 'detail-row' }, h('td', { colspan: 7 }, errorText(err))) });
    }
  }

  /** @param {DeliveryDetail} detail */
  function detailRow(detail) {
    return h(
      'tr',
      { class: 'detail-row' },
      h(
        'td',
        { colspan: 7 },
        h(
          'table',
          { 'aria-label': `Attempts of delivery ${detail.id}` },
          h('thead', {}, h('tr', {}, ['#', 'Started', 'Duration', 'Outcome', 'HTTP', 'Reason', visuallyHidden('Invocation data')].map((title) => h('th', { scope: 'col' }, title)))),
          h(
            'tbody',
            {},
            detail.attempts.map((attempt) =>
              h(
                'tr',
                {},
                h('td', {}, attempt.number),
                h('td', { title: attempt.startedAt }, formatTime(attempt.startedAt)),
                h('td', {}, formatDuration(attempt.durationMs)),
                h('td', {}, deliveryBadge(attempt.outcome)),
                h('td', {}, attempt.httpStatus ?? '—'),
                h('td', {}, readableReason(attempt.reason, { number: attempt.number }).text),
                h('td', { class: 'actions' }, h('button', {
                  type: 'button',
                  class: 'button-small',
                  'data-focus-key': `attempt:${detail.id}:${attempt.number}`,
                  onclick: () => openInvocationPanel(attempt.record, `Attempt ${attempt.number} of ${detail.webhook}`),
                }, 'View invocation data')),
              ),
            ),
          ),
        ),
      ),
    );
  }

  /** @param {DeliverySummary} delivery */
  async function replay(delivery) {
    try {
      await api.replayDelivery(delivery.id);
      message.textContent = `Delivery ${delivery.id} to "${delivery.webhook}" is due again.`;
    } catch (err) {
      message.textContent = `Delivery ${delivery.id} was not replayed: ${errorText(err)}`;
    }
  }

  void api.listWebhooks().then(
    (webhooks) => webhookFilter.append(...webhooks.map((webhook) => h('option', { value: webhook.id }, webhook.name))),
    (err) => {
      message.textContent = `The webhooks could not be listed: ${errorText(err)}`;
    },
  );
  void restart().catch((err) => {
    message.textContent = errorText(err);
  });
  return () => {
    generation += 1;
    stop();
  };
}

/** @param {DeliverySummary} delivery */
function lastResultCell(delivery) {
  const { text, schedulesNext } = lastResult(delivery);
  const next = delivery.status === 'pending' && delivery.nextAttemptAt !== null && !schedulesNext ? ` · next attempt at ${formatTime(delivery.nextAttemptAt)}` : '';
  if (text === '') return h('span', { class: 'muted' }, delivery.attemptCount === 0 ? `Not sent yet${next}` : next);
  return `${text}${next}`;
}

/**
 * @param {string} value
 * @returns {DeliveryStatus | undefined}
 */
function statusOrUndefined(value) {
  return STATUSES.find((status) => status === value);
}

/**
 * @param {string} value
 * @returns {Trigger | undefined}
 */
function triggerOrUndefined(value) {
  return TRIGGERS.find((trigger) => trigger === value);
}
