// @ts-check
/** Send an event by hand: pick a trigger, edit its sample event, send it, and watch its deliveries. */
import { api, TRIGGERS } from './api.js';
import { deliveryBadge, lastResult } from './delivery-status.js';
import { h, replace } from './kit/dom.js';
import { clearProblems, field, showProblems } from './kit/fields.js';
import { ApiError, errorText } from './kit/http.js';
import { every } from './kit/live.js';

/** @typedef {import('./api.js').Trigger} Trigger */
/** @typedef {import('./api.js').SampleEvents} SampleEvents */
/** @typedef {import('./api.js').IngestResult} IngestResult */

const POLL_MS = 1000;

/** @param {HTMLElement} main */
export function renderSendEvent(main) {
  /** @type {SampleEvents | undefined} */
  let samples;
  let stopWatching = () => {};
  const trigger = h('select', {}, TRIGGERS.map((name) => h('option', { value: name }, name)));
  const event = h('textarea', { class: 'code', spellcheck: 'false' });
  const general = h('ul', { class: 'general-errors', role: 'alert', hidden: true });
  const sendButton = h('button', { type: 'submit', class: 'button-primary' }, 'Send event');
  const status = h('span', { role: 'status' });
  const result = h('div', { 'aria-live': 'polite' });

  function showSample() {
    if (samples) event.value = JSON.stringify(samples[/** @type {Trigger} */ (trigger.value)], null, 2);
  }
  trigger.addEventListener('change', showSample);

  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'send-title', class: 'card form-card' },
    field({ label: 'Trigger', control: trigger, hint: 'Picking a trigger puts its sample event below, the one Test sends.' }),
    field({
      label: 'Event',
      control: event,
      path: '$',
      hint: "Apono's access-request payload; edit any field. flowhook checks it against the payload schema and sends it to every active webhook whose triggers and filters match.",
    }),
    general,
    h('div', { class: 'inline' }, sendButton, h('button', { type: 'button', onclick: showSample }, 'Reset to the sample'), status),
  );
  form.addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    void send();
  });

  replace(main, h('div', { class: 'page-head' }, h('h1', { id: 'send-title' }, 'Send an event')), form, result);

  async function send() {
    clearProblems(form, general);
    /** @type {unknown} */
    let parsed;
    try {
      parsed = JSON.parse(event.value);
    } catch (err) {
      showProblems(form, [{ path: '$', message: `is not valid JSON: ${err instanceof Error ? err.message : String(err)}` }], general);
      event.focus();
      return;
    }
    sendButton.disabled = true;
    status.textContent = 'Sending…';
    try {
      const accepted = await api.sendEvent(parsed);
      status.textContent = '';
      watch(accepted);
    } catch (err) {
      status.textContent = `The event was not accepted: ${errorText(err)}`;
      if (err instanceof ApiError && err.details.length > 0) showProblems(form, err.details, general);
    } finally {
      sendButton.disabled = false;
    }
  }

  /** @param {IngestResult} accepted */
  function watch(accepted) {
    stopWatching();
    const tbody = h('tbody', {});
    const count = accepted.deliveries.length;
    replace(
      result,
      h(
        'div',
        { class: 'card', 'data-event-id': accepted.eventId },
        h('h2', {}, `Event ${accepted.eventId} (${accepted.eventType}) accepted: ${count} ${count === 1 ? 'delivery' : 'deliveries'}`),
        count === 0
          ? null
          : h(
              'table',
              { 'aria-label': 'Deliveries of this event' },
              h('thead', {}, h('tr', {}, ['Webhook', 'Status', 'Attempts', 'Last result'].map((title) => h('th', { scope: 'col' }, title)))),
              tbody,
            ),
        accepted.skipped.length === 0
          ? null
          : [h('h3', {}, 'Webhooks that skipped it'), h('ul', {}, accepted.skipped.map((skip) => h('li', {}, h('strong', {}, skip.webhook), `: ${skip.reason}`)))],
        h('p', {}, h('a', { href: '#/deliveries' }, 'Open Deliveries')),
      ),
    );
    if (count === 0) return;
    stopWatching = every(
      async () => {
        const { deliveries } = await api.listDeliveries({ event: accepted.eventId, limit: 1000 });
        replace(
          tbody,
          deliveries.map((delivery) =>
            h('tr', { 'data-delivery-id': delivery.id }, h('td', {}, delivery.webhook), h('td', {}, deliveryBadge(delivery.status)), h('td', {}, delivery.attemptCount), h('td', {}, lastResult(delivery).text || '—')),
          ),
        );
      },
      POLL_MS,
      (error) => {
        if (error !== null) status.textContent = `The deliveries could not be refreshed: ${errorText(error)}`;
      },
    );
  }

  void api.sampleEvents().then(
    (loaded) => {
      samples = loaded;
      showSample();
    },
    (err) => {
      status.textContent = `The sample events could not be loaded: ${errorText(err)}`;
    },
  );
  return () => stopWatching();
}
