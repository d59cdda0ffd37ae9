/**
 * Webhook configs (Apono's field names, schema WebhookConfig in openapi/flowhook.yaml): every broken rule
 * reported at once, each at its JSON path with a message a person can act on, then defaults applied and
 * the result frozen, so a config mistake fails when the config is loaded, never at the first delivery.
 */
import { FlowhookError, problemSummary, type Problem } from '../errors.js';
import { flowhookSchemas } from '../flowhook-schemas.js';
import { jsonPath } from '../schemas.js';
import type { WebhookConfig } from '../types.js';
import { deepFreeze } from '../util/deep-freeze.js';
import { CLIENT_TOKEN_HEADER, clientTokenInUrl } from './credential-placement.js';
import { oauthConfigProblems } from './oauth-settings.js';
import { CLIENT_TOKEN_QUERY } from './okta-url.js';
import { TRIGGERS } from './triggers.js';
import { checkUrlRules, type LocalTargetOptions } from './url-policy.js';

/** Which local targets are allowed (the mock), and with them plain http and custom ports. */
export interface WebhookConfigOptions extends LocalTargetOptions {
  /** Names of the other webhooks (not this one's own when it is being updated). */
  otherNames?: readonly string[];
}

type DefaultedField =
  | 'active'
  | 'method'
  | 'timeout_in_sec'
  | 'headers'
  | 'filters'
  | 'response_validators'
  | 'retry_on_validator_failure';

/** What a config that leaves a field out gets. */
export const WEBHOOK_DEFAULTS: Readonly<Required<Pick<WebhookConfig, DefaultedField>>> = deepFreeze({
  active: true,
  method: 'POST',
  timeout_in_sec: 30,
  headers: {},
  filters: {},
  response_validators: [],
  retry_on_validator_failure: false,
});

const MAX_TIMEOUT_SEC = 60;
const NAME_CHARACTER = /[\p{L}\p{Nd} _-]/u;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const INVALID_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
// Headers that the HTTP client derives from the request itself; undici refuses or overrides them.
const CONNECTION_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
]);

const checkSchema = flowhookSchemas.validator('WebhookConfig');

/** The size limits of a config, as the WebhookConfig schema states them, so that API, CLI and UI share them. */
export const WEBHOOK_LIMITS = webhookLimits();

/**
 * Every problem of `value` as a webhook config, in the order of its fields, empty when it is valid.
 * A rule's own message replaces the schema's generic one at the same path ("must NOT have fewer than 1 items").
 */
export function validateWebhookConfig(value: unknown, options: WebhookConfigOptions = {}): Problem[] {
  const schemaProblems = checkSchema(value);
  if (!isRecord(value)) return schemaProblems;
  const ruleProblems = [
    ...nameProblems(value.name, options.otherNames ?? []),
    ...urlProblems(value.url, options),
    ...headerProblems(value),
    ...triggerProblems(value.triggers),
    ...filterProblems(value.filters),
    ...timeoutProblems(value.timeout_in_sec),
    ...validatorProblems(value.response_validators),
    ...authenticationProblems(value.authentication_config),
    ...oauthProblems(value, schemaProblems, options),
  ];
  const rulePaths = new Set(ruleProblems.map((problem) => problem.path));
  const problems = [...schemaProblems.filter((problem) => !rulePaths.has(problem.path)), ...ruleProblems];
  const fields = Object.keys(value);
  const rank = (problem: Problem): number => {
    const index = fields.indexOf(topLevelField(problem.path));
    return index === -1 ? fields.length : index;
  };
  return problems.sort((a, b) => rank(a) - rank(b));
}

/** A frozen, valid config with defaults applied; throws FLOWHOOK_CONFIG_INVALID listing every problem. */
export function parseWebhookConfig(value: unknown, options: WebhookConfigOptions = {}): WebhookConfig {
  const problems = validateWebhookConfig(value, options);
  if (problems.length > 0) {
    const name = isRecord(value) && typeof value.name === 'string' && value.name.length <= WEBHOOK_LIMITS.nameLength ? ` "${value.name}"` : '';
    throw new FlowhookError('FLOWHOOK_CONFIG_INVALID', problemSummary(`webhook config${name}`, problems), {
      hint: 'Fix the field at each JSON path listed in details, then load the config again.',
      details: problems,
    });
  }
  const config = structuredClone(value) as WebhookConfig;
  return deepFreeze({
    ...structuredClone(WEBHOOK_DEFAULTS),
    ...config,
    response_validators: config.response_validators ?? [],
  });
}

function nameProblems(name: unknown, otherNames: readonly string[]): Problem[] {
  if (typeof name !== 'string') return [];
  if (name.length > WEBHOOK_LIMITS.nameLength) return [tooLong('$.name', name, WEBHOOK_LIMITS.nameLength)];
  if (name.trim() === '') return [{ path: '$.name', message: 'must not be empty' }];
  const problems: Problem[] = [];
  const invalid = unique([...name].filter((character) => !NAME_CHARACTER.test(character)));
  if (invalid.length > 0) {
    problems.push({
      path: '$.name',
      message: `may contain only letters, digits, spaces, "-" and "_", not ${invalid.map(quote).join(', ')}`,
    });
  }
  if (name !== name.trim()) problems.push({ path: '$.name', message: 'must not start or end with a space' });
  const lower = name.toLowerCase();
  if (otherNames.some((other) => other.toLowerCase() === lower)) {
    problems.push({
      path: '$.name',
      message: `is already the name of another webhook (names are compared ignoring case); choose another`,
    });
  }
  return problems;
}

function urlProblems(url: unknown, options: WebhookConfigOptions): Problem[] {
  if (typeof url !== 'string') return [];
  if (url.length > WEBHOOK_LIMITS.urlLength) return [tooLong('$.url', url, WEBHOOK_LIMITS.urlLength)];
  return checkUrlRules(url, options);
}

function headerProblems(config: Record<string, unknown>): Problem[] {
  const headers = config.headers;
  if (!isRecord(headers)) return [];
  const count = Object.keys(headers).length;
  if (count > WEBHOOK_LIMITS.headers) {
    return [{ path: '$.headers', message: `holds ${count.toLocaleString('en')} headers; a webhook may send at most ${WEBHOOK_LIMITS.headers}` }];
  }
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (name.length > WEBHOOK_LIMITS.headerNameLength) {
      problems.push({
        path: '$.headers',
        message: `has a header name ${name.length.toLocaleString('en')} characters long (${quote(`${name.slice(0, 20)}…`)}); a name has at most ${WEBHOOK_LIMITS.headerNameLength}`,
      });
      continue;
    }
    const path = headerPath(name);
    const lower = name.toLowerCase();
    if (typeof value === 'string' && value.length > WEBHOOK_LIMITS.headerValueLength) {
      problems.push(tooLong(path, value, WEBHOOK_LIMITS.headerValueLength));
      continue;
    }
    if (!HEADER_NAME.test(name)) {
      problems.push({ path, message: "is not a header name; use letters, digits and !#$%&'*+-.^_`|~ only" });
    } else if (CONNECTION_HEADERS.has(lower)) {
      problems.push({ path, message: 'is set by the HTTP client from the request itself; remove it' });
    }
    if (typeof value === 'string' && INVALID_HEADER_VALUE.test(value)) {
      problems.push({ path, message: 'must not contain line breaks, control characters or characters beyond Latin-1' });
    }
    const earlier = seen.get(lower);
    if (earlier === undefined) seen.set(lower, name);
    else problems.push({ path, message: `repeats the header "${earlier}" (header names ignore case); keep one` });
  }
  const clientTokenHeader = seen.get(CLIENT_TOKEN_HEADER);
  const tokenInUrl = typeof config.url === 'string' ? urlTokenPlace(config.url) : null;
  if (clientTokenHeader !== undefined && tokenInUrl !== null) {
    problems.push({
      path: headerPath(clientTokenHeader),
      message:
        `sends the client token while the URL already carries one (${tokenInUrl}); ` +
        'Okta Workflows wants it in one place only: remove the header or take the token out of the URL',
    });
  }
  const authorizationHeader = seen.get('authorization');
  const auth = config.authentication_config;
  const authKind = isRecord(auth) ? (['bearer', 'oauth'] as const).find((kind) => isRecord(auth[kind])) : undefined;
  if (authorizationHeader !== undefined && authKind !== undefined) {
    problems.push({
      path: headerPath(authorizationHeader),
      message:
        `conflicts with "authentication_config.${authKind}", which sets the Authorization header; ` +
        'remove one of them',
    });
  }
  return problems;
}

/** Where the URL carries a client token, in words; null when it carries none. */
function urlTokenPlace(url: string): string | null {
  if (!URL.canParse(url)) return null;
  switch (clientTokenInUrl(new URL(url))) {
    case 'query':
      return `in the "${CLIENT_TOKEN_QUERY}" query parameter`;
    case 'path':
      return 'as the last segment of …/api/flo/<clientToken>';
    case undefined:
      return null;
  }
}

function triggerProblems(triggers: unknown): Problem[] {
  return Array.isArray(triggers) && triggers.length === 0
    ? [{ path: '$.triggers', message: `must list at least one trigger: ${TRIGGERS.join(', ')}` }]
    : [];
}

function filterProblems(filters: unknown): Problem[] {
  if (!isRecord(filters)) return [];
  const problems: Problem[] = [];
  for (const [name, values] of Object.entries(filters)) {
    if (!Array.isArray(values)) continue;
    values.forEach((value: unknown, index) => {
      if (typeof value !== 'string') return;
      const path = `$.filters.${name}[${index}]`;
      if (value.trim() === '') problems.push({ path, message: 'must not be empty' });
      else if (name === 'requesters' && !/^[^@\s]+@[^@\s]+$/.test(value)) {
        problems.push({ path, message: `${quote(value)} is not an email address; requesters are matched by email` });
      }
    });
  }
  return problems;
}

function timeoutProblems(timeout: unknown): Problem[] {
  if (typeof timeout !== 'number') return [];
  return Number.isInteger(timeout) && timeout >= 1 && timeout <= MAX_TIMEOUT_SEC
    ? []
    : [
        {
          path: '$.timeout_in_sec',
          message:
            `must be a whole number of seconds from 1 to ${MAX_TIMEOUT_SEC}, not ${timeout} ` +
            `(Okta Workflows closes the connection at ${MAX_TIMEOUT_SEC} s; ` +
            `leave it out for ${WEBHOOK_DEFAULTS.timeout_in_sec})`,
        },
      ];
}

function validatorProblems(validators: unknown): Problem[] {
  if (!Array.isArray(validators)) return [];
  const problems: Problem[] = [];
  validators.forEach((validator: unknown, index) => {
    if (!isRecord(validator)) return;
    const path = `$.response_validators[${index}]`;
    if (typeof validator.json_path === 'string' && !/^\$\.data\../.test(validator.json_path)) {
      problems.push({
        path: `${path}.json_path`,
        message:
          'must start with "$.data." and name a field of the flow\'s response, e.g. "$.data.status" ' +
          '("$.data" is the JSON body of the response)',
      });
    }
    if (Array.isArray(validator.expected_values) && validator.expected_values.length === 0) {
      problems.push({ path: `${path}.expected_values`, message: 'must list at least one expected value' });
    }
  });
  return problems;
}

function authenticationProblems(auth: unknown): Problem[] {
  if (!isRecord(auth)) return [];
  const problems: Problem[] = [];
  if (auth.bearer !== undefined && auth.oauth !== undefined) {
    problems.push({ path: '$.authentication_config', message: 'must set "bearer" or "oauth", not both' });
  }
  const token = isRecord(auth.bearer) ? auth.bearer.token : undefined;
  if (typeof token === 'string') {
    const path = '$.authentication_config.bearer.token';
    if (token.trim() === '') problems.push({ path, message: 'must not be empty' });
    else if (/\s/.test(token) || INVALID_HEADER_VALUE.test(token)) {
      problems.push({ path, message: 'must not contain spaces, line breaks or control characters' });
    }
  }
  return problems;
}

/** `$.headers.Authorization`, `$.headers["x-api-client-token"]` */
function headerPath(name: string): string {
  return jsonPath(`/headers/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
}

/** `$.headers["x-api-client-token"]` → `headers`; `$["odd key"]` → `odd key` */
function topLevelField(path: string): string {
  const match = /^\$(?:\.([A-Za-z_$][\w$]*)|\[("(?:[^"\\]|\\.)*")\])/.exec(path);
  if (match?.[1] !== undefined) return match[1];
  return match?.[2] === undefined ? '' : (JSON.parse(match[2]) as string);
}

function tooLong(path: string, text: string, limit: number): Problem {
  return { path, message: `must be at most ${limit.toLocaleString('en')} characters long, not ${text.length.toLocaleString('en')}` };
}

/** The limits the WebhookConfig schema sets with maxLength and maxProperties. */
function webhookLimits(): Readonly<{ nameLength: number; urlLength: number; headers: number; headerNameLength: number; headerValueLength: number }> {
  const schemas = (flowhookSchemas.document.components as { schemas: Record<string, SchemaLimits> }).schemas;
  const fields = schemas.WebhookConfig?.properties ?? {};
  const limit = (value: number | undefined, where: string): number => {
    if (value === undefined) throw new TypeError(`openapi/flowhook.yaml must give WebhookConfig ${where}`);
    return value;
  };
  return Object.freeze({
    nameLength: limit(fields.name?.maxLength, 'name a maxLength'),
    urlLength: limit(fields.url?.maxLength, 'url a maxLength'),
    headers: limit(fields.headers?.maxProperties, 'headers a maxProperties'),
    headerNameLength: limit(fields.headers?.propertyNames?.maxLength, 'headers a propertyNames maxLength'),
    headerValueLength: limit(fields.headers?.additionalProperties?.maxLength, 'headers an additionalProperties maxLength'),
  });
}

interface SchemaLimits {
  maxLength?: number;
  maxProperties?: number;
  propertyNames?: SchemaLimits;
  additionalProperties?: SchemaLimits;
  properties?: Record<string, SchemaLimits>;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OAuth settings that fit the schema but cannot work (no token URL for a non-Okta URL, a key that is not a key, …). */
function oauthProblems(value: Record<string, unknown>, schemaProblems: readonly Problem[], options: WebhookConfigOptions): Problem[] {
  const auth = value.authentication_config as WebhookConfig['authentication_config'];
  const oauth = auth?.oauth;
  if (!oauth || auth.bearer || typeof value.url !== 'string' || !URL.canParse(value.url)) return [];
  if (schemaProblems.some((problem) => problem.path.startsWith('$.authentication_config'))) return [];
  return oauthConfigProblems(oauth, value.url, options);
}
