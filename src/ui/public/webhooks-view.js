// @ts-check
/** The Webhooks table: status dot and switch, name, URL (token redacted), triggers, last delivery. */
import { api } from './api.js';
import { deliveryBadge } from './delivery-status.js';
import { h, replace, statusDot, toggleSwitch, visuallyHidden } from './kit/dom.js';
import { formatTime } from './kit/format.js';
import { errorText } from './kit/http.js';
import { every } from './kit/live.js';
import { configOf, valuesOf } from './webhook-form-model.js';

/** @typedef {import('./api.js').Webhook} Webhook */

/** How often the last-delivery column is refreshed. */
const LAST_DELIVERY_POLL_MS = 2000;

/** @param {HTMLElement} main */
export function renderWebhooks(main) {
  const message = h('p', { role: 'status', class: 'muted' });
  const body = h('div', { class: 'card table-card' }, h('p', { class: 'empty' }, 'Loading webhooks…'));
  /** @type {Map<string, HTMLTableCellElement>} */
  const lastCells = new Map();
  replace(
    main,
    h('div', { class: 'page-head' }, h('h1', {}, 'Webhooks'), h('span', { class: 'spacer' }), h('a', { class: 'button button-primary', href: '#/webhooks/new' }, 'Add Webhook')),
    message,
    body,
  );

  async function load() {
    try {
      const webhooks = await api.listWebhooks();
      lastCells.clear();
      replace(body, webhooks.length === 0 ? h('p', { class: 'empty' }, 'No webhooks yet. Add one to send access-request events to an Okta Workflows flow.') : table(webhooks));
    } catch (err) {
      replace(body, h('p', { class: 'empty' }, errorText(err)));
    }
  }

  /** @param {Webhook[]} webhooks */
  function table(webhooks) {
    return h(
      'table',
      { 'aria-label': 'Webhooks' },
      h('thead', {}, h('tr', {}, ['Name', 'Status', 'URL', 'Triggers', 'Last delivery', visuallyHidden('Actions')].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', {}, webhooks.map(row)),
    );
  }

  /** @param {Webhook} webhook */
  function row(webhook) {
    const active = webhook.active ?? true;
    const last = h('td', {}, h('span', { class: 'muted' }, '…'));
    lastCells.set(webhook.id, last);
    const status = toggleSwitch({
      on: 'Active',
      off: 'Inactive',
      checked: active,
      onchange: (checked) => void setActive(webhook, checked),
    });
    status.input.setAttribute('aria-label', `Active: ${webhook.name}`);
    return h(
      'tr',
      { 'data-webhook-id': webhook.id },
      h('td', {}, h('div', { class: 'name-cell' }, statusDot(active), h('a', { href: `#/webhooks/${encodeURIComponent(webhook.id)}` }, webhook.name))),
      h('td', {}, status.element),
      h('td', { class: 'url' }, `${webhook.method ?? 'POST'} ${webhook.url}`),
      h('td', {}, h('div', { class: 'chip-list' }, webhook.triggers.map((trigger) => h('span', { class: 'badge' }, trigger)))),
      last,
      h(
        'td',
        { class: 'actions' },
        h('a', { class: 'button button-small', href: `#/webhooks/${encodeURIComponent(webhook.id)}`, 'aria-label': `Edit ${webhook.name}` }, 'Edit'),
        ' ',
        h('button', { type: 'button', class: 'button-small button-danger', 'aria-label': `Delete ${webhook.name}`, onclick: () => void remove(webhook) }, 'Delete'),
      ),
    );
  }

  /**
   * The switch sends the whole config back with `active` changed; its secrets travel as `[REDACTED]`.
   * @param {Webhook} webhook
   * @param {boolean} active
   */
  async function setActive(webhook, active) {
    try {
      await api.updateWebhook(webhook.id, { ...configOf(valuesOf(webhook), webhook), active });
      message.textContent = `"${webhook.name}" is now ${active ? 'active' : 'inactive'}.`;
    } catch (err) {
      message.textContent = `"${webhook.name}" was not changed: ${errorText(err)}`;
    }
    await load();
    await refreshLastDeliveries();
  }

  /** @param {Webhook} webhook */
  async function remove(webhook) {
    if (!confirm(`Delete the webhook "${webhook.name}"? Its unfinished deliveries end failed; finished ones stay in the history.`)) return;
    try {
      await api.deleteWebhook(webhook.id);
      message.textContent = `"${webhook.name}" was deleted.`;
    } catch (err) {
      message.textContent = `"${webhook.name}" was not deleted: ${errorText(err)}`;
    }
    await load();
    await refreshLastDeliveries();
  }

  async function refreshLastDeliveries() {
    await Promise.all(
      [...lastCells].map(async ([id, cell]) => {
        const [delivery] = (await api.listDeliveries({ webhook: id, limit: 1 })).deliveries;
        replace(
          cell,
          delivery === undefined
            ? h('span', { class: 'muted' }, 'No deliveries yet')
            : h('div', { class: 'inline' }, deliveryBadge(delivery.status), h('span', { class: 'muted', title: delivery.updatedAt }, `${delivery.trigger} · ${formatTime(delivery.updatedAt)}`)),
        );
      }),
    );
  }

  let left = false;
  let stop = () => {};
  void load().then(() => {
    if (left) return;
    stop = every(refreshLastDeliveries, LAST_DELIVERY_POLL_MS, (error) => {
      if (error !== null) message.textContent = `The last deliveries could not be refreshed: ${errorText(error)}`;
    });
  });
  return () => {
    left = true;
    stop();
  };
}
