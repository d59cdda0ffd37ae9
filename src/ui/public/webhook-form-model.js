// @ts-check
/**
 * What the Add/Edit Webhook form edits, and how it maps to and from a WebhookConfig. The UI never holds
 * a stored secret: an edited webhook's secret fields start empty, and an empty one is sent back as
 * `[REDACTED]`, which the API reads as "keep the stored value".
 */

/** @typedef {import('./api.js').WebhookConfig} WebhookConfig */
/** @typedef {import('./api.js').Webhook} Webhook */
/** @typedef {import('./api.js').Trigger} Trigger */
/** @typedef {NonNullable<WebhookConfig['filters']>} Filters */
/** @typedef {keyof Filters} FilterName */
/** @typedef {'none' | 'bearer' | 'clientTokenHeader' | 'clientTokenUrl' | 'oauthSecret' | 'oauthKey'} AuthMode */
/** @typedef {'private_key_jwt' | 'client_secret_basic' | 'client_secret_post'} ClientAuthMethod */

/**
 * @typedef {object} FormValues
 * @property {string} name
 * @property {boolean} active
 * @property {NonNullable<WebhookConfig['method']>} method
 * @property {string} url
 * @property {string} bodyTemplate
 * @property {AuthMode} authMode
 * @property {string} bearerToken
 * @property {string} clientToken
 * @property {string} oauthClientId
 * @property {string} oauthClientSecret
 * @property {string} oauthPrivateKey
 * @property {string} oauthKeyId
 * @property {string} oauthTokenUrl
 * @property {string} oauthScopes  space-separated
 * @property {ClientAuthMethod | ''} oauthClientAuthMethod  '' = the sender's default
 * @property {[string, string][]} headers
 * @property {Trigger[]} triggers
 * @property {{ name: FilterName, values: string[] }[]} filters
 * @property {string} timeoutSec  '' = the default
 * @property {{ jsonPath: string, expectedValues: string[] }[]} validators
 */

export const REDACTED = '[REDACTED]';
export const CLIENT_TOKEN_HEADER = 'x-api-client-token';
export const METHODS = /** @type {const} */ (['POST', 'PUT', 'PATCH', 'DELETE', 'GET']);

/** @type {{ mode: AuthMode, label: string }[]} */
export const AUTH_MODES = [
  { mode: 'none', label: 'None' },
  { mode: 'bearer', label: 'Bearer token' },
  { mode: 'clientTokenHeader', label: 'Okta client token in the x-api-client-token header' },
  { mode: 'clientTokenUrl', label: 'Okta client token in the URL' },
  { mode: 'oauthSecret', label: 'OAuth 2.0 with a client secret' },
  { mode: 'oauthKey', label: 'OAuth 2.0 with a private key (private_key_jwt, as Okta requires)' },
];

/** What each filter list matches, in words (src/core/match.ts). @type {{ name: FilterName, label: string }[]} */
export const FILTERS = [
  { name: 'integrations', label: 'Integration (name or id)' },
  { name: 'integration_types', label: 'Integration type' },
  { name: 'resource_types', label: 'Resource type (name or id)' },
  { name: 'resources', label: 'Resource (name, id or path)' },
  { name: 'permissions', label: 'Permission (name or id)' },
  { name: 'requesters', label: 'Requester email' },
  { name: 'access_flows', label: 'Access flow (name or id)' },
  { name: 'bundles', label: 'Bundle (name or id)' },
];

/** @returns {FormValues} */
export function emptyValues() {
  return {
    name: '',
    active: true,
    method: 'POST',
    url: '',
    bodyTemplate: '',
    authMode: 'none',
    bearerToken: '',
    clientToken: '',
    oauthClientId: '',
    oauthClientSecret: '',
    oauthPrivateKey: '',
    oauthKeyId: '',
    oauthTokenUrl: '',
    oauthScopes: '',
    oauthClientAuthMethod: '',
    headers: [],
    triggers: [],
    filters: [],
    timeoutSec: '',
    validators: [],
  };
}

/**
 * The form's values for a stored webhook; its secrets stay out (they are `[REDACTED]` anyway).
 * @param {Webhook} webhook
 * @returns {FormValues}
 */
export function valuesOf(webhook) {
  const auth = webhook.authentication_config ?? undefined;
  const headers = Object.entries(webhook.headers ?? {});
  const tokenHeader = headers.some(([name]) => name.toLowerCase() === CLIENT_TOKEN_HEADER);
  const oauth = auth?.oauth;
  return {
    ...emptyValues(),
    name: webhook.name,
    active: webhook.active ?? true,
    method: webhook.method ?? 'POST',
    url: webhook.url,
    bodyTemplate: webhook.body_template ?? '',
    authMode: auth?.bearer
      ? 'bearer'
      : oauth
        ? oauth.private_key === undefined ? 'oauthSecret' : 'oauthKey'
        : tokenHeader
          ? 'clientTokenHeader'
          : hasUrlClientToken(webhook.url)
            ? 'clientTokenUrl'
            : 'none',
    oauthClientId: oauth?.client_id ?? '',
    oauthKeyId: oauth?.key_id ?? '',
    oauthTokenUrl: oauth?.token_endpoint_url ?? '',
    oauthScopes: (oauth?.scopes ?? []).join(' '),
    oauthClientAuthMethod: oauth?.client_auth_method ?? '',
    headers: tokenHeader ? headers.filter(([name]) => name.toLowerCase() !== CLIENT_TOKEN_HEADER) : headers,
    triggers: [...webhook.triggers],
    filters: Object.entries(webhook.filters ?? {}).map(([name, values]) => ({ name: /** @type {FilterName} */ (name), values: [...(values ?? [])] })),
    timeoutSec: webhook.timeout_in_sec === undefined ? '' : String(webhook.timeout_in_sec),
    validators: (webhook.response_validators ?? []).map((validator) => ({ jsonPath: validator.json_path, expectedValues: [...validator.expected_values] })),
  };
}

/**
 * The config to send. Fields the form does not show (`retry_schedule_sec`, …) are kept from `stored`;
 * an empty secret of an edited webhook that had one is sent as `[REDACTED]`, so the API keeps it.
 * @param {FormValues} values
 * @param {Webhook | undefined} stored
 * @returns {WebhookConfig}
 */
export function configOf(values, stored) {
  /** @type {Record<string, unknown>} */
  const config = {};
  if (stored) {
    const { id: _id, created_at: _created, updated_at: _updated, ...rest } = stored;
    Object.assign(config, rest);
  }
  const storedAuth = stored?.authentication_config ?? undefined;
  const storedHeaders = Object.keys(stored?.headers ?? {}).map((name) => name.toLowerCase());
  /** @param {string} typed @param {boolean} wasStored */
  const secret = (typed, wasStored) => (typed === '' && wasStored ? REDACTED : typed);

  config.name = values.name;
  config.active = values.active;
  config.method = values.method;
  config.url = values.url.trim();
  if (values.bodyTemplate.trim() === '') delete config.body_template;
  else config.body_template = values.bodyTemplate;

  /** @type {Record<string, string>} */
  const headers = {};
  for (const [name, value] of values.headers) if (name.trim() !== '' || value !== '') headers[name.trim()] = value;
  if (values.authMode === 'clientTokenHeader') {
    headers[CLIENT_TOKEN_HEADER] = secret(values.clientToken, storedHeaders.includes(CLIENT_TOKEN_HEADER));
  }
  config.headers = headers;

  config.triggers = [...values.triggers];
  /** @type {Record<string, string[]>} */
  const filters = {};
  for (const { name, values: filterValues } of values.filters) filters[name] = [...(filters[name] ?? []), ...filterValues];
  config.filters = filters;

  if (values.timeoutSec.trim() === '') delete config.timeout_in_sec;
  else config.timeout_in_sec = Number(values.timeoutSec);

  config.response_validators = values.validators.map((validator) => ({ json_path: validator.jsonPath.trim(), expected_values: validator.expectedValues }));

  const authentication = authenticationOf(values, storedAuth, secret);
  if (authentication === undefined) delete config.authentication_config;
  else config.authentication_config = authentication;
  return /** @type {WebhookConfig} */ (config);
}

/**
 * @param {FormValues} values
 * @param {WebhookConfig['authentication_config'] | undefined} stored
 * @param {(typed: string, wasStored: boolean) => string} secret
 * @returns {NonNullable<WebhookConfig['authentication_config']> | undefined}
 */
function authenticationOf(values, stored, secret) {
  if (values.authMode === 'bearer') return { bearer: { token: secret(values.bearerToken, stored?.bearer !== undefined) } };
  if (values.authMode !== 'oauthSecret' && values.authMode !== 'oauthKey') return undefined;
  /** @type {NonNullable<NonNullable<WebhookConfig['authentication_config']>['oauth']>} */
  const oauth = { client_id: values.oauthClientId.trim() };
  if (values.authMode === 'oauthSecret') oauth.client_secret = secret(values.oauthClientSecret, stored?.oauth?.client_secret !== undefined);
  else oauth.private_key = secret(values.oauthPrivateKey, stored?.oauth?.private_key !== undefined);
  if (values.authMode === 'oauthKey' && values.oauthKeyId.trim() !== '') oauth.key_id = values.oauthKeyId.trim();
  if (values.oauthTokenUrl.trim() !== '') oauth.token_endpoint_url = values.oauthTokenUrl.trim();
  const scopes = values.oauthScopes.split(/\s+/).filter((scope) => scope !== '');
  if (scopes.length > 0) oauth.scopes = scopes;
  if (values.oauthClientAuthMethod !== '') oauth.client_auth_method = values.oauthClientAuthMethod;
  return { oauth };
}

/**
 * Whether a stored URL carries a client token. The API shows the token as `[REDACTED]` wherever the
 * connector finds one (query or path), so the form looks for that instead of knowing Okta's URL forms.
 * The part before the path is left out: a password there is redacted too.
 * @param {string} url
 */
function hasUrlClientToken(url) {
  return url.replace(/^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i, '').includes(REDACTED);
}
