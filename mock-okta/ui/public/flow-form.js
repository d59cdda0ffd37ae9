// @ts-check
/**
 * Add or change a flow (`PUT /__admin/flows/{alias}`). The admin API checks the definition; its problems
 * are shown next to the fields their JSON paths name. The UI never holds a client token: a flow's token
 * left empty is sent as `[REDACTED]`, which the admin API reads as "keep the stored token".
 */
import { chipsInput, h, replace, toggleSwitch } from './kit/dom.js';
import { field, fieldGroup, showProblems } from './kit/fields.js';
import { ApiError, errorText } from './kit/http.js';
import { SECURITY_LABELS } from './flows-view.js';
import { mockApi } from './mock-api.js';
import { leaveNotice } from './notice.js';

/** @typedef {import('./mock-api.js').Flow} Flow */
/** @typedef {import('./mock-api.js').FlowDefinition} FlowDefinition */
/** @typedef {import('./mock-api.js').SecurityLevel} SecurityLevel */

const DEFAULT_RESPONSES = [{ status: 200, body: {} }];
const REDACTED = '[REDACTED]';
/** Okta allows 10 invocations per second per flow. */
const DEFAULT_RATE_LIMIT = 10;
const TOKEN_BYTES = 16;

/**
 * @param {HTMLElement} main
 * @param {string | undefined} alias  undefined to add a flow
 */
export function renderFlowForm(main, alias) {
  let left = false;
  replace(main, h('p', { class: 'muted' }, 'Loading…'));
  (alias === undefined ? Promise.resolve(undefined) : mockApi.getFlow(alias)).then(
    (flow) => {
      if (!left) buildForm(main, flow);
    },
    (err) => replace(main, backLink(), h('p', { role: 'alert' }, errorText(err))),
  );
  return () => {
    left = true;
  };
}

function backLink() {
  return h('a', { class: 'back', href: '#/flows' }, '← Flows');
}

/**
 * @param {HTMLElement} main
 * @param {Flow | undefined} flow
 */
function buildForm(main, flow) {
  const alias = h('input', { type: 'text', value: flow?.alias ?? '', autocomplete: 'off', spellcheck: 'false', readonly: flow !== undefined });
  const security = h('select', {}, Object.entries(SECURITY_LABELS).map(([level, label]) => h('option', { value: level, selected: level === (flow?.security ?? 'clientToken') }, label)));
  const hasToken = flow?.clientToken !== undefined;
  const clientToken = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: hasToken ? 'Saved; leave empty to keep it.' : undefined });
  const generate = h('button', { type: 'button', class: 'button-small', onclick: () => (clientToken.value = randomToken()) }, 'Generate a token');
  const allowedClients = chipsInput({ label: 'Allowed clients', values: flow?.allowedClients ?? [], placeholder: 'Client id, then Enter' });
  const active = toggleSwitch({ on: 'On', off: 'Off', checked: flow?.active ?? true });
  const rateLimit = h('input', { type: 'number', class: 'narrow', min: '0', step: '1', value: String(flow?.rateLimitPerSecond ?? DEFAULT_RATE_LIMIT) });
  const responses = h('textarea', { class: 'code', spellcheck: 'false', value: JSON.stringify(flow?.responses ?? DEFAULT_RESPONSES, null, 2) });
  const general = h('ul', { class: 'general-errors', role: 'alert', hidden: true });
  const status = h('span', { role: 'status' });

  const tokenField = field({
    label: 'Client token',
    control: clientToken,
    path: '$.clientToken',
    hint: [
      hasToken
        ? 'The mock never shows a client token: leave this empty to keep the flow\'s token, or enter a new one. '
        : 'Callers send it as the clientToken query parameter or the x-api-client-token header, or call /api/flo/<clientToken> (the Apono guide\'s form). ',
      generate,
    ],
  });
  const clientsField = fieldGroup({ legend: 'Allowed clients', content: allowedClients.element, path: '$.allowedClients', hint: 'OAuth client ids whose tokens may invoke the flow ("allow selected apps"); empty allows every client with the okta.workflows.invoke.manage scope.' });
  function showSecurityFields() {
    tokenField.hidden = security.value !== 'clientToken';
    clientsField.hidden = security.value !== 'oauth2';
  }
  security.addEventListener('change', showSecurityFields);
  showSecurityFields();

  const form = h(
    'form',
    { novalidate: true, class: 'card form-card', 'aria-labelledby': 'flow-form-title' },
    field({ label: 'Alias', control: alias, path: '$.alias', hint: flow ? 'The alias names the flow; add a new flow to use another.' : 'Letters, digits and "-._~"; the invoke URL is /api/flo/<alias>/invoke.' }),
    field({ label: 'Security level', control: security, path: '$.security' }),
    tokenField,
    clientsField,
    fieldGroup({ legend: 'Status', content: active.element, path: '$.active', hint: 'A flow that is off refuses every invocation with 403.' }),
    field({ label: 'Rate limit per second', control: rateLimit, path: '$.rateLimitPerSecond', hint: 'Okta allows 10 invocations per second per flow; 0 turns the limit off.' }),
    field({
      label: 'Responses',
      control: responses,
      path: '$.responses',
      hint: [
        'A JSON array, used in order, one per invocation; the last one repeats. A Return card: ',
        h('code', {}, '{ "body": { "ok": true } }'),
        '. A Return Raw card: ',
        h('code', {}, '{ "status": 500, "headers": { "content-type": "text/plain" }, "body": "down" }'),
        '. Faults: ',
        h('code', {}, '{ "fault": "reset" }'),
        ' (also "empty", "malformed", "timeout"), and ',
        h('code', {}, '"delayMs": 2000'),
        '.',
      ],
    }),
    general,
    h('div', { class: 'inline' }, h('button', { type: 'submit', class: 'button-primary' }, 'Save flow'), h('a', { class: 'button', href: '#/flows' }, 'Cancel'), status),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save();
  });
  replace(main, backLink(), h('div', { class: 'page-head' }, h('h1', { id: 'flow-form-title' }, flow ? `Change flow ${flow.alias}` : 'Add flow')), form);

  async function save() {
    /** @type {unknown} */
    let parsedResponses;
    try {
      parsedResponses = JSON.parse(responses.value);
    } catch (err) {
      fail([{ path: '$.responses', message: `is not valid JSON: ${err instanceof Error ? err.message : String(err)}` }], 'The flow was not saved: fix the problem marked above.');
      return;
    }
    const level = /** @type {SecurityLevel} */ (security.value);
    const clients = allowedClients.values();
    const definition = /** @type {FlowDefinition} */ ({
      security: level,
      active: active.input.checked,
      rateLimitPerSecond: rateLimit.value === '' ? DEFAULT_RATE_LIMIT : Number(rateLimit.value),
      responses: parsedResponses,
      ...(level === 'clientToken' ? { clientToken: clientToken.value === '' && hasToken ? REDACTED : clientToken.value } : {}),
      ...(level === 'oauth2' && clients.length > 0 ? { allowedClients: clients } : {}),
    });
    status.className = 'muted';
    status.textContent = 'Saving…';
    try {
      const saved = await mockApi.putFlow(alias.value.trim(), definition);
      leaveNotice(`Flow "${saved.alias}" saved: ${saved.invokeUrl}`);
      location.hash = '#/flows';
    } catch (err) {
      if (err instanceof ApiError && err.details.length > 0) {
        const count = err.details.length;
        fail(err.details, `The flow was not saved: fix the ${count === 1 ? 'problem' : `${count} problems`} marked above.`);
      } else {
        fail([], `The flow was not saved: ${errorText(err)}`);
      }
    }
  }

  /**
   * @param {import('./kit/http.js').Problem[]} problems
   * @param {string} summary
   */
  function fail(problems, summary) {
    const first = showProblems(form, problems, general);
    status.className = 'text-bad';
    status.textContent = summary;
    const control = first?.querySelector('input, select, textarea');
    if (control instanceof HTMLElement) control.focus();
  }
}

/** 32 hex characters, like the aliases and tokens Okta makes. */
function randomToken() {
  return [...crypto.getRandomValues(new Uint8Array(TOKEN_BYTES))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
