// @ts-check
/**
 * The Add/Edit Webhook form, with Apono's fields in Apono's order. Problems come from the API (422 with
 * `details` by JSON path) and are shown next to their field, so the form follows the same rules as every
 * other way in. Test sends a sample event through the config as it is on screen, saved or not (an edited
 * webhook's secrets left empty are its stored ones), and offers its invocation data.
 */
import { api, TRIGGERS } from './api.js';
import { openInvocationPanel } from './invocation-panel.js';
import { chipsInput, h, replace, toggleSwitch } from './kit/dom.js';
import { clearProblems, field, fieldGroup, problemSlot, showProblems } from './kit/fields.js';
import { ApiError, errorText } from './kit/http.js';
import { payloadSchemaPanel } from './payload-schema.js';
import { DEFAULT_RETRY_SCHEDULE_SEC, describeSchedule } from './retries.js';
import { AUTH_MODES, CLIENT_TOKEN_HEADER, configOf, emptyValues, FILTERS, METHODS, valuesOf } from './webhook-form-model.js';

/** @typedef {import('./api.js').Webhook} Webhook */
/** @typedef {import('./api.js').Trigger} Trigger */
/** @typedef {import('./api.js').InvocationRecord} InvocationRecord */
/** @typedef {import('./webhook-form-model.js').FormValues} FormValues */
/** @typedef {import('./webhook-form-model.js').AuthMode} AuthMode */
/** @typedef {import('./webhook-form-model.js').FilterName} FilterName */
/** @typedef {import('./kit/http.js').Problem} Problem */

/** How long the URL must rest before it is described. */
const URL_DESCRIBE_DELAY_MS = 250;

/** Shown once by the next rendering of the form (after a save moved to the stored webhook's address). */
let notice = '';

/**
 * @param {HTMLElement} main
 * @param {string | undefined} id  undefined for Add Webhook
 */
export function renderWebhookForm(main, id) {
  /** @type {Session} */
  const session = { left: false, cleanup: () => {} };
  replace(main, h('p', { class: 'muted' }, 'Loading…'));
  const stored = id === undefined ? Promise.resolve(undefined) : api.getWebhook(id);
  stored.then(
    (webhook) => {
      if (!session.left) session.cleanup = buildForm(main, webhook, session);
    },
    (err) => replace(main, backLink(), h('p', { role: 'alert' }, errorText(err))),
  );
  return () => {
    session.left = true;
    session.cleanup();
  };
}

/** The form on screen: whether it was left, and how to stop what it started. @typedef {{ left: boolean, cleanup: () => void }} Session */

function backLink() {
  return h('a', { class: 'back', href: '#/webhooks' }, '← Webhooks');
}

/**
 * @param {HTMLElement} main
 * @param {Webhook | undefined} stored
 * @param {Session} session
 * @returns {() => void} cleanup
 */
function buildForm(main, stored, session) {
  const initial = stored ? valuesOf(stored) : emptyValues();
  /** @type {InvocationRecord | undefined} */
  let lastRecord;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let urlTimer;

  // Name, status, method
  const name = h('input', { type: 'text', value: initial.name, autocomplete: 'off' });
  const status = toggleSwitch({ on: 'Active', off: 'Inactive', checked: initial.active });
  const method = h('select', {}, METHODS.map((option) => h('option', { value: option, selected: option === initial.method }, option)));

  // URL, with the rule and what the URL is
  const url = h('input', { type: 'text', value: initial.url, autocomplete: 'off', spellcheck: 'false', placeholder: 'https://<org>.workflows.okta.com/api/flo/<alias>/invoke' });
  const urlNote = h('div', { class: 'url-note', 'aria-live': 'polite', hidden: true });
  url.addEventListener('input', () => {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(() => void describeUrl(), URL_DESCRIBE_DELAY_MS);
  });
  let urlAsked = 0;
  async function describeUrl() {
    const text = url.value.trim();
    const asked = ++urlAsked;
    if (text === '') {
      urlNote.hidden = true;
      return;
    }
    const recognised = await api.recogniseUrl(text).catch(() => undefined);
    if (asked !== urlAsked) return;
    if (recognised === undefined) {
      urlNote.hidden = true;
      return;
    }
    const path = recognised.flowPath;
    urlNote.textContent =
      recognised.okta?.description ??
      (path === null
        ? 'Not an Okta Workflows flow URL: flowhook will send to it as to any webhook target.'
        : path.form === 'invoke'
          ? `Okta Workflows invoke path of flow alias "${path.alias}" on a host that is not Okta's (the mock, or a proxy).`
          : 'Okta Workflows path in the …/api/flo/<clientToken> form on a host that is not Okta\'s: the client token is the last path segment, so the whole URL is a secret.');
    urlNote.hidden = false;
  }

  // Body template with the payload schema beside it
  const template = h('textarea', {
    class: 'code',
    value: initial.bodyTemplate,
    spellcheck: 'false',
    placeholder: '{\n  "fields": {\n    "event type": "{{event_type}}",\n    "requestor email": "{{data.requester.email}}"\n  }\n}',
  });
  const schema = payloadSchemaPanel(template);

  // Authentication
  const authMode = h('select', {}, AUTH_MODES.map(({ mode, label }) => h('option', { value: mode, selected: mode === initial.authMode }, label)));
  const keepNote = stored ? 'Saved; leave empty to keep it.' : undefined;
  const secretInput = () => h('input', { type: 'password', autocomplete: 'new-password', spellcheck: 'false', placeholder: keepNote });
  const bearerToken = secretInput();
  const clientToken = secretInput();
  const oauthClientId = h('input', { type: 'text', value: initial.oauthClientId, autocomplete: 'off' });
  const oauthClientSecret = secretInput();
  const oauthPrivateKey = h('textarea', { class: 'code', spellcheck: 'false', placeholder: stored ? `${keepNote} PEM text or a JWK` : '-----BEGIN PRIVATE KEY-----' });
  const oauthKeyId = h('input', { type: 'text', value: initial.oauthKeyId, autocomplete: 'off' });
  const oauthTokenUrl = h('input', { type: 'text', value: initial.oauthTokenUrl, autocomplete: 'off', placeholder: 'https://<org>.okta.com/oauth2/v1/token for an Okta Workflows URL' });
  const oauthScopes = h('input', { type: 'text', value: initial.oauthScopes, autocomplete: 'off', placeholder: 'okta.workflows.invoke.manage for an Okta Workflows URL' });
  const oauthClientAuthMethod = h(
    'select',
    {},
    [['', 'Default (client_secret_basic)'], ['client_secret_basic', 'client_secret_basic'], ['client_secret_post', 'client_secret_post']].map(([value, label]) =>
      h('option', { value, selected: value === initial.oauthClientAuthMethod }, label),
    ),
  );
  const oauthPath = '$.authentication_config.oauth';
  // Both OAuth modes show these; only one mode is on screen at a time.
  const clientIdField = field({ label: 'Client ID', control: oauthClientId, path: `${oauthPath}.client_id` });
  const tokenUrlField = field({ label: 'Token endpoint URL', control: oauthTokenUrl, path: `${oauthPath}.token_endpoint_url` });
  const scopesField = field({ label: 'Scopes', control: oauthScopes, path: `${oauthPath}.scopes`, hint: 'Separated by spaces.' });
  /** @type {Record<AuthMode, HTMLElement[]>} */
  const authFields = {
    none: [],
    bearer: [field({ label: 'Bearer token', control: bearerToken, path: '$.authentication_config.bearer.token', hint: 'Sent as "Authorization: Bearer <token>".' })],
    clientTokenHeader: [
      field({
        label: 'Client token',
        control: clientToken,
        path: `$.headers["${CLIENT_TOKEN_HEADER}"]`,
        hint: 'The flow\'s clientToken from Okta Workflows (API Endpoint settings, "Secure with client token"); sent in the x-api-client-token header, the most secure option.',
      }),
    ],
    clientTokenUrl: [
      h('p', { class: 'hint wide' }, 'Write the client token into the URL above: ', h('code', {}, '…/api/flo/<alias>/invoke?clientToken=<token>'), ' or the Apono guide\'s ', h('code', {}, '…/api/flo/<clientToken>'), '. flowhook shows it as [REDACTED] everywhere.'),
    ],
    oauthSecret: [
      clientIdField,
      field({ label: 'Client secret', control: oauthClientSecret, path: `${oauthPath}.client_secret` }),
      tokenUrlField,
      scopesField,
      field({ label: 'Client authentication', control: oauthClientAuthMethod, path: `${oauthPath}.client_auth_method` }),
    ],
    oauthKey: [
      clientIdField,
      field({ label: 'Key ID (kid)', control: oauthKeyId, path: `${oauthPath}.key_id` }),
      h('div', { class: 'wide' }, field({ label: 'Private key', control: oauthPrivateKey, path: `${oauthPath}.private_key`, hint: 'PEM text or a JWK (RSA → RS256, EC P-256 → ES256). Okta\'s org authorization server takes only private_key_jwt for the okta.workflows.invoke.manage scope.' })),
      tokenUrlField,
      scopesField,
    ],
  };
  const authArea = h('div', { class: 'auth-fields' });
  function showAuthFields() {
    replace(authArea, authFields[/** @type {AuthMode} */ (authMode.value)]);
  }
  authMode.addEventListener('change', showAuthFields);
  showAuthFields();

  // Headers, filters and validators as rows
  const headers = rowList({
    rows: initial.headers,
    addLabel: '+ Add header',
    makeRow: headerRow,
  });
  const triggerBoxes = TRIGGERS.map((trigger) => h('input', { type: 'checkbox', value: trigger, checked: initial.triggers.includes(trigger) }));
  const filters = rowList({ rows: initial.filters, addLabel: '+ Add filter', makeRow: filterRow });
  const timeout = h('input', { type: 'number', class: 'narrow', min: '1', max: '60', step: '1', value: initial.timeoutSec, placeholder: '30' });
  const validators = rowList({ rows: initial.validators, addLabel: '+ Add', makeRow: validatorRow });

  /** @returns {FormValues} */
  function readValues() {
    return {
      name: name.value,
      active: status.input.checked,
      method: /** @type {FormValues['method']} */ (method.value),
      url: url.value,
      bodyTemplate: template.value,
      authMode: /** @type {AuthMode} */ (authMode.value),
      bearerToken: bearerToken.value,
      clientToken: clientToken.value,
      oauthClientId: oauthClientId.value,
      oauthClientSecret: oauthClientSecret.value,
      oauthPrivateKey: oauthPrivateKey.value,
      oauthKeyId: oauthKeyId.value,
      oauthTokenUrl: oauthTokenUrl.value,
      oauthScopes: oauthScopes.value,
      oauthClientAuthMethod: /** @type {FormValues['oauthClientAuthMethod']} */ (oauthClientAuthMethod.value),
      headers: headers.read(),
      triggers: triggerBoxes.filter((box) => box.checked).map((box) => /** @type {Trigger} */ (box.value)),
      filters: filters.read(),
      timeoutSec: timeout.value,
      validators: validators.read(),
    };
  }

  // Footer: Test, its result, invocation data, Save
  const testTrigger = h('select', { 'aria-label': 'Trigger of the test event' }, TRIGGERS.map((trigger) => h('option', { value: trigger, selected: trigger === initial.triggers[0] }, trigger)));
  const testTriggerNote = h('p', { class: 'test-trigger-note', 'aria-live': 'polite', hidden: true });
  /** The test event follows the triggers: when the one chosen is no longer among them, the first one checked is. */
  function followTriggers() {
    const checked = triggerBoxes.filter((box) => box.checked).map((box) => box.value);
    if (checked.length > 0 && !checked.includes(testTrigger.value)) testTrigger.value = checked[0] ?? testTrigger.value;
    describeTestTrigger(checked);
  }
  /** Says so when Test would send an event that the webhook, as it is on screen, never sends. @param {string[]} checked */
  function describeTestTrigger(checked) {
    testTriggerNote.hidden = checked.includes(testTrigger.value);
    testTriggerNote.textContent =
      checked.length === 0
        ? `No trigger is checked, so this webhook sends nothing; Test sends a ${testTrigger.value} event all the same.`
        : `${testTrigger.value} is not one of this webhook's triggers: Test sends the flow an event that the webhook never would.`;
  }
  for (const box of triggerBoxes) box.addEventListener('change', followTriggers);
  testTrigger.addEventListener('change', () => describeTestTrigger(triggerBoxes.filter((box) => box.checked).map((box) => box.value)));
  followTriggers();
  const testButton = h('button', { type: 'button', onclick: () => void runTest() }, 'Test');
  const testResult = h('span', { class: 'test-result', role: 'status' });
  const viewData = h('button', { type: 'button', class: 'button-link', hidden: true, onclick: () => lastRecord && openInvocationPanel(lastRecord, 'Invocation data') }, 'View Invocation Data');
  const saveStatus = h('span', { role: 'status', class: notice === '' ? 'muted' : 'notice' }, notice);
  notice = '';
  const saveButton = h('button', { type: 'submit', class: 'button-primary' }, 'Save Webhook');
  const general = h('ul', { class: 'general-errors', role: 'alert', hidden: true });

  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'webhook-form-title' },
    h(
      'div',
      { class: 'card form-card' },
      h('h2', {}, 'Request Webhook'),
      field({ label: 'Name', control: name, path: '$.name', hint: 'A unique name for the webhooks table: letters, digits, spaces, "-" and "_".' }),
      fieldGroup({ legend: 'Status', content: status.element, path: '$.active', hint: 'An inactive webhook sends nothing; its table row shows a white dot.' }),
      field({ label: 'Method', control: method, path: '$.method', hint: 'Okta Workflows API Endpoint flows take GET and POST; use POST to send a body.' }),
      field({
        label: 'URL',
        control: url,
        path: '$.url',
        hint: [
          'Must use HTTPS and no custom port (a mock on this machine needs the server started with --allow-local). For Okta Workflows: ',
          h('code', {}, 'https://<org>.workflows.okta.com/api/flo/<alias>/invoke'),
          ' (also .oktapreview.com and .okta-emea.com), or the Apono guide\'s ',
          h('code', {}, '…/api/flo/<clientToken>'),
          '.',
          urlNote,
        ],
      }),
      h(
        'div',
        { class: 'template-layout' },
        field({
          label: 'Body Template',
          control: template,
          path: '$.body_template',
          hint: ['Handlebars that renders JSON; each {{value}} is escaped for a JSON string. Leave it empty to send the event as it is. ', schema.toggle],
        }),
        schema.element,
      ),
    ),
    h(
      'div',
      { class: 'card form-card' },
      field({ label: 'Authentication', control: authMode, path: '$.authentication_config' }),
      authArea,
    ),
    h(
      'div',
      { class: 'card form-card' },
      fieldGroup({ legend: 'Headers', content: headers.element, path: '$.headers', hint: 'Key and value per row, e.g. Content-Type or a custom header the flow reads.' }),
      fieldGroup({
        legend: 'Triggers',
        path: '$.triggers',
        content: h('div', { class: 'checks' }, triggerBoxes.map((box) => h('label', {}, box, box.value))),
        hint: 'The access-request status changes that send this webhook.',
      }),
      fieldGroup({ legend: 'Filters', content: filters.element, path: '$.filters', hint: 'Send only events that match every filter set here (any of the values of one filter).' }),
      field({ label: 'Timeout in seconds', control: timeout, path: '$.timeout_in_sec', hint: 'How long to wait for the flow before the attempt fails: 1 to 60 (Okta closes the connection at 60 s); 30 when empty.' }),
      retriesNote(stored),
      fieldGroup({
        legend: 'Response Validators',
        content: validators.element,
        path: '$.response_validators',
        hint: 'Each row: a JSON path starting with $.data. ($.data is the JSON body of the flow\'s response) and the values it may have; type a value and press Enter to add it.',
      }),
    ),
    general,
    h(
      'div',
      { class: 'form-footer' },
      h('div', {}, h('div', { class: 'inline' }, h('label', { class: 'inline' }, 'Test with', testTrigger), testButton, testResult, viewData), testTriggerNote),
      h('div', { class: 'inline footer-save' }, saveStatus, h('a', { class: 'button', href: '#/webhooks' }, 'Cancel'), saveButton),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save();
  });
  schema.onToggle((open) => form.querySelector('.template-layout')?.classList.toggle('with-schema', open));

  replace(
    main,
    backLink(),
    h('div', { class: 'page-head' }, h('h1', { id: 'webhook-form-title' }, stored ? `Edit Webhook: ${stored.name}` : 'Add Webhook')),
    form,
  );
  if (initial.url !== '') void describeUrl();

  async function save() {
    const values = readValues();
    const problems = missingSecrets(values, stored);
    if (problems.length > 0) {
      showFormProblems(problems, 'The webhook was not saved: fix the problem marked above.');
      return;
    }
    saveButton.disabled = true;
    saveStatus.className = 'muted';
    saveStatus.textContent = 'Saving…';
    try {
      const config = configOf(values, stored);
      const saved = stored ? await api.updateWebhook(stored.id, config) : await api.createWebhook(config);
      notice = `Webhook "${saved.name}" saved.`;
      if (stored) {
        session.cleanup();
        session.cleanup = buildForm(main, saved, session);
      } else {
        location.hash = `#/webhooks/${encodeURIComponent(saved.id)}`;
      }
    } catch (err) {
      saveButton.disabled = false;
      if (err instanceof ApiError && err.details.length > 0) {
        const count = err.details.length;
        showFormProblems(err.details, `The webhook was not saved: fix the ${count === 1 ? 'problem' : `${count} problems`} marked above.`);
      } else {
        clearProblems(form, general);
        saveStatus.className = 'text-bad';
        saveStatus.textContent = `The webhook was not saved: ${errorText(err)}`;
      }
    }
  }

  /**
   * @param {readonly Problem[]} problems
   * @param {string} summary
   */
  function showFormProblems(problems, summary) {
    markProblems(problems);
    saveStatus.className = 'text-bad';
    saveStatus.textContent = summary;
  }

  /**
   * Shows each problem next to its field and moves to the first.
   * @param {readonly Problem[]} problems
   */
  function markProblems(problems) {
    const first = showProblems(form, problems, general);
    (first?.querySelector('input, select, textarea') ?? general).scrollIntoView({ block: 'center' });
    const control = first?.querySelector('input, select, textarea');
    if (control instanceof HTMLElement) control.focus({ preventScroll: true });
  }

  /** Sends the sample event through the config on screen; nothing is saved. */
  async function runTest() {
    const values = readValues();
    const missing = missingSecrets(values, stored);
    if (missing.length > 0) {
      markProblems(missing);
      showNotTested('fix the problem marked above');
      return;
    }
    testButton.disabled = true;
    viewData.hidden = true;
    testResult.className = 'test-result';
    testResult.textContent = 'Testing…';
    try {
      lastRecord = await api.testConfig({
        config: configOf(values, stored),
        trigger: /** @type {Trigger} */ (testTrigger.value),
        ...(stored ? { webhookId: stored.id } : {}),
      });
      clearProblems(form, general);
      const ok = lastRecord.verdict === 'successful';
      testResult.className = `test-result ${ok ? 'text-ok' : 'text-bad'}`;
      replace(testResult, ok ? 'Test successful' : 'Test failed', ok || lastRecord.reason === undefined ? null : h('span', { class: 'muted' }, ` — ${lastRecord.reason}`));
      viewData.hidden = false;
    } catch (err) {
      if (err instanceof ApiError && err.details.length > 0) {
        markProblems(err.details);
        const count = err.details.length;
        showNotTested(`fix the ${count === 1 ? 'problem' : `${count} problems`} marked above`);
      } else {
        showNotTested(errorText(err));
      }
    } finally {
      testButton.disabled = false;
    }
  }

  /** Nothing was sent, and why. @param {string} why */
  function showNotTested(why) {
    lastRecord = undefined;
    viewData.hidden = true;
    testResult.className = 'test-result text-bad';
    replace(testResult, 'Not tested', h('span', { class: 'muted' }, ` — ${why}`));
  }

  return () => clearTimeout(urlTimer);
}

/**
 * When a failed attempt is tried again. The form does not edit `retry_schedule_sec` (the API does), so
 * it says which schedule applies, and whether it is the default.
 * @param {Webhook | undefined} stored
 */
function retriesNote(stored) {
  const own = stored?.retry_schedule_sec;
  return h(
    'div',
    { class: 'field', 'data-part': 'retries' },
    h('div', { class: 'field-title' }, 'Retries'),
    own === undefined
      ? h('p', { class: 'retry-schedule' }, `flowhook's default schedule: ${describeSchedule(DEFAULT_RETRY_SCHEDULE_SEC)}.`)
      : h(
          'p',
          { class: 'retry-schedule' },
          `This webhook's own schedule (retry_schedule_sec): ${describeSchedule(own)}. `,
          h('strong', {}, "Not flowhook's default"),
          `, which is ${describeSchedule(DEFAULT_RETRY_SCHEDULE_SEC)}.`,
        ),
    h(
      'div',
      { class: 'hint' },
      'After a network error, a timeout, HTTP 429 or 5xx (and a failed validator when retry_on_validator_failure is set), each wait ±10%; a 429 waits at least as long as the flow asks. Set retry_schedule_sec through the API: this form keeps it as it is.',
    ),
  );
}

/**
 * A secret the API cannot check for: a client token header that is empty would be sent as it is.
 * @param {FormValues} values
 * @param {Webhook | undefined} stored
 * @returns {Problem[]}
 */
function missingSecrets(values, stored) {
  const storedToken = Object.keys(stored?.headers ?? {}).some((header) => header.toLowerCase() === CLIENT_TOKEN_HEADER);
  return values.authMode === 'clientTokenHeader' && values.clientToken === '' && !storedToken
    ? [{ path: `$.headers["${CLIENT_TOKEN_HEADER}"]`, message: "is required: paste the flow's client token" }]
    : [];
}

/**
 * Rows that can be added and removed; `read` gives each row's value in order.
 * @template T
 * @param {{ rows: T[], addLabel: string, makeRow: (row: T | undefined) => Row<T> }} options
 */
function rowList({ rows, addLabel, makeRow }) {
  /** @type {Row<T>[]} */
  const current = [];
  const list = h('div', {});
  /** @param {T | undefined} value */
  function add(value) {
    const row = makeRow(value);
    const remove = h('button', {
      type: 'button',
      class: 'button-small',
      'aria-label': 'Remove this row',
      onclick: () => {
        current.splice(current.indexOf(row), 1);
        row.element.remove();
        list.dispatchEvent(new Event('change', { bubbles: true }));
      },
    }, 'Remove');
    row.element.insertBefore(remove, row.element.querySelector('.field-error'));
    current.push(row);
    list.append(row.element);
    return row;
  }
  for (const value of rows) add(value);
  const addButton = h('button', {
    type: 'button',
    class: 'button-small',
    onclick: () => {
      add(undefined).focus();
      list.dispatchEvent(new Event('change', { bubbles: true }));
    },
  }, addLabel);
  return { element: h('div', {}, list, addButton), read: () => current.map((row, index) => row.read(index)) };
}

/**
 * One row; `read` is given the row's position, for the JSON path of its problems.
 * @template T
 * @typedef {{ element: HTMLElement, read: (index: number) => T, focus: () => void }} Row
 */

/** @param {[string, string] | undefined} row */
function headerRow(row) {
  const key = h('input', { type: 'text', value: row?.[0] ?? '', 'aria-label': 'Header key', placeholder: 'Key', autocomplete: 'off', spellcheck: 'false' });
  const value = h('input', { type: 'text', value: row?.[1] ?? '', 'aria-label': 'Header value', placeholder: 'Value', autocomplete: 'off', spellcheck: 'false' });
  const element = h('div', { class: 'row row-header' }, key, value, problemSlot());
  return {
    element,
    focus: () => key.focus(),
    /** @returns {[string, string]} */
    read() {
      element.dataset.problemPath = headerPath(key.value.trim());
      element.dataset.problemLabel = 'Header';
      return [key.value, value.value];
    },
  };
}

/** @param {{ name: FilterName, values: string[] } | undefined} row */
function filterRow(row) {
  const select = h('select', { 'aria-label': 'Filter on' }, FILTERS.map(({ name, label }) => h('option', { value: name, selected: name === row?.name }, label)));
  const values = chipsInput({ label: 'Filter values', values: row?.values ?? [] });
  values.input.setAttribute('aria-label', 'Filter value: type and press Enter');
  const element = h('div', { class: 'row row-filter' }, select, values.element, problemSlot());
  return {
    element,
    focus: () => select.focus(),
    read() {
      const name = /** @type {FilterName} */ (select.value);
      element.dataset.problemPath = `$.filters.${name}`;
      element.dataset.problemLabel = 'Filter';
      return { name, values: values.values() };
    },
  };
}

/** @param {{ jsonPath: string, expectedValues: string[] } | undefined} row */
function validatorRow(row) {
  const path = h('input', { type: 'text', value: row?.jsonPath ?? '', 'aria-label': 'Json Path', placeholder: '$.data.', autocomplete: 'off', spellcheck: 'false' });
  const expected = chipsInput({ label: 'Expected Values', values: row?.expectedValues ?? [], placeholder: 'Expected value, then Enter' });
  expected.input.setAttribute('aria-label', 'Expected Values: type a value and press Enter');
  const element = h('div', { class: 'row row-validator' }, path, expected.element, problemSlot());
  return {
    element,
    focus: () => path.focus(),
    /** @param {number} index */
    read(index) {
      element.dataset.problemPath = `$.response_validators[${index}]`;
      element.dataset.problemLabel = 'Validator';
      return { jsonPath: path.value, expectedValues: expected.values() };
    },
  };
}

/**
 * The JSON path the API gives a header's problems: `$.headers.Accept`, `$.headers["x-api-key"]`.
 * @param {string} name
 */
function headerPath(name) {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `$.headers.${name}` : `$.headers[${JSON.stringify(name)}]`;
}
