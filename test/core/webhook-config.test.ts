import { describe, expect, it } from 'vitest';
import { WEBHOOK_DEFAULTS, parseWebhookConfig, validateWebhookConfig } from '../../src/core/webhook-config.js';
import { FlowhookError } from '../../src/errors.js';

const OKTA_URL = 'https://acme.workflows.okta.com/api/flo/3f9a1c2b7d4e/invoke';
const TRIGGER_LIST = 'RequestCreated, RequestApproved, RequestRejected, RequestGranted, RequestExpired, RequestFailed';

function config(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'okta prod', url: OKTA_URL, triggers: ['RequestCreated', 'RequestGranted'], ...changes };
}

function refusal(value: unknown): FlowhookError {
  try {
    parseWebhookConfig(value, {});
  } catch (err) {
    if (err instanceof FlowhookError) return err;
    throw err;
  }
  throw new Error('parseWebhookConfig accepted the config');
}

describe('validateWebhookConfig', () => {
  it('finds no problem in a minimal valid config', () => {
    expect(validateWebhookConfig(config(), {})).toEqual([]);
  });

  it('finds no problem in a config that sets every field', () => {
    const full = config({
      active: false,
      method: 'PUT',
      body_template: '{"fields":{"requester":"{{data.requester.email}}"}}',
      headers: { 'x-api-client-token': 'c1i3nt-t0ken', 'X-Trace': 'flowhook' },
      filters: { integrations: ['prod db'], requesters: ['dana.levi@example.com'] },
      timeout_in_sec: 60,
      response_validators: [{ json_path: '$.data.status', expected_values: ['ok', 'accepted'] }],
      authentication_config: null,
      retry_schedule_sec: [1, 5, 30],
      rate_limit_per_sec: 10,
      retry_on_validator_failure: true,
    });
    expect(validateWebhookConfig(full, {})).toEqual([]);
  });

  describe('name', () => {
    it('accepts letters of any script, digits, spaces, "-" and "_"', () => {
      expect(validateWebhookConfig(config({ name: 'Okta prod-flow_2' }), {})).toEqual([]);
      expect(validateWebhookConfig(config({ name: 'Zürich Prod 2' }), {})).toEqual([]);
    });

    it('refuses other characters, naming each once', () => {
      expect(validateWebhookConfig(config({ name: 'okta/prod: a/b' }), {})).toEqual([
        { path: '$.name', message: 'may contain only letters, digits, spaces, "-" and "_", not "/", ":"' },
      ]);
    });

    it('refuses an empty name', () => {
      expect(validateWebhookConfig(config({ name: '  ' }), {})).toEqual([{ path: '$.name', message: 'must not be empty' }]);
    });

    it('refuses a name that starts or ends with a space', () => {
      expect(validateWebhookConfig(config({ name: 'okta prod ' }), {})).toEqual([
        { path: '$.name', message: 'must not start or end with a space' },
      ]);
    });

    it("refuses another webhook's name, ignoring case", () => {
      const problem = {
        path: '$.name',
        message: 'is already the name of another webhook (names are compared ignoring case); choose another',
      };
      expect(validateWebhookConfig(config(), { otherNames: ['slack', 'OKTA Prod'] })).toEqual([problem]);
      expect(validateWebhookConfig(config(), { otherNames: ['slack', 'okta prod 2'] })).toEqual([]);
    });
  });

  describe('url', () => {
    it('refuses plain http and a custom port', () => {
      const problems = validateWebhookConfig(config({ url: 'http://acme.workflows.okta.com:8443/api/flo/x/invoke' }), {});
      expect(problems.map((problem) => problem.path)).toEqual(['$.url', '$.url']);
      expect(problems[0]?.message).toMatch(/^uses "http", not HTTPS; use https:\/\//);
      expect(problems[1]?.message).toMatch(/^has the custom port 8443; remove it/);
    });

    it('refuses a local target unless local targets are allowed', () => {
      const local = config({ url: 'http://127.0.0.1:40123/api/flo/3f9a1c2b7d4e/invoke' });
      expect(validateWebhookConfig(local, {}).map((problem) => problem.message)).toContainEqual(
        expect.stringMatching(/^points at the local address 127\.0\.0\.1; .*--allow-local/),
      );
      expect(validateWebhookConfig(local, { allowLocal: true })).toEqual([]);
    });
  });

  describe('triggers', () => {
    it('refuses a config without any trigger', () => {
      expect(validateWebhookConfig(config({ triggers: [] }), {})).toEqual([
        { path: '$.triggers', message: `must list at least one trigger: ${TRIGGER_LIST}` },
      ]);
    });

    it('refuses a trigger that is not one of the six', () => {
      expect(validateWebhookConfig(config({ triggers: ['RequestCreated', 'RequestRevoked'] }), {})).toEqual([
        {
          path: '$.triggers[1]',
          message:
            'must be one of "RequestCreated", "RequestApproved", "RequestRejected", "RequestGranted", ' +
            '"RequestExpired", "RequestFailed"',
        },
      ]);
    });
  });

  describe('timeout_in_sec', () => {
    it('accepts whole seconds from 1 to 60', () => {
      expect(validateWebhookConfig(config({ timeout_in_sec: 1 }), {})).toEqual([]);
      expect(validateWebhookConfig(config({ timeout_in_sec: 60 }), {})).toEqual([]);
    });

    it('refuses 0, more than 60 and fractions, with one message each', () => {
      for (const timeout of [0, 61, 2.5]) {
        expect(validateWebhookConfig(config({ timeout_in_sec: timeout }), {})).toEqual([
          {
            path: '$.timeout_in_sec',
            message:
              `must be a whole number of seconds from 1 to 60, not ${timeout} ` +
              '(Okta Workflows closes the connection at 60 s; leave it out for 30)',
          },
        ]);
      }
    });

    it('refuses a timeout that is not a number', () => {
      expect(validateWebhookConfig(config({ timeout_in_sec: '30' }), {})).toEqual([
        { path: '$.timeout_in_sec', message: 'must be integer' },
      ]);
    });
  });

  describe('response_validators', () => {
    it('refuses a json_path that does not start with "$.data."', () => {
      const validators = [
        { json_path: '$.data.status', expected_values: ['ok'] },
        { json_path: '$.status', expected_values: ['ok'] },
        { json_path: '$.data.', expected_values: ['ok'] },
      ];
      const message =
        'must start with "$.data." and name a field of the flow\'s response, e.g. "$.data.status" ' +
        '("$.data" is the JSON body of the response)';
      expect(validateWebhookConfig(config({ response_validators: validators }), {})).toEqual([
        { path: '$.response_validators[1].json_path', message },
        { path: '$.response_validators[2].json_path', message },
      ]);
    });

    it('refuses a validator without expected values', () => {
      const validators = [{ json_path: '$.data.status', expected_values: [] }];
      expect(validateWebhookConfig(config({ response_validators: validators }), {})).toEqual([
        { path: '$.response_validators[0].expected_values', message: 'must list at least one expected value' },
      ]);
    });
  });

  describe('client token', () => {
    const message = (where: string): string =>
      `sends the client token while the URL already carries one (${where}); ` +
      'Okta Workflows wants it in one place only: remove the header or take the token out of the URL';

    it('refuses a client token in both the query and the header, whatever the header case', () => {
      const both = config({ url: `${OKTA_URL}?clientToken=c1i3nt-t0ken`, headers: { 'X-API-Client-Token': 'c1i3nt-t0ken' } });
      expect(validateWebhookConfig(both, {})).toEqual([
        { path: '$.headers["X-API-Client-Token"]', message: message('in the "clientToken" query parameter') },
      ]);
    });

    it("refuses a client token in both the guide's …/api/flo/<clientToken> path and the header", () => {
      const both = config({
        url: 'https://acme.workflows.okta.com/api/flo/c1i3nt-t0ken',
        headers: { 'x-api-client-token': 'c1i3nt-t0ken' },
      });
      expect(validateWebhookConfig(both, {})).toEqual([
        { path: '$.headers["x-api-client-token"]', message: message('as the last segment of …/api/flo/<clientToken>') },
      ]);
    });

    it('accepts a client token in exactly one place', () => {
      expect(validateWebhookConfig(config({ headers: { 'x-api-client-token': 'c1i3nt-t0ken' } }), {})).toEqual([]);
      expect(validateWebhookConfig(config({ url: `${OKTA_URL}?clientToken=c1i3nt-t0ken` }), {})).toEqual([]);
    });
  });

  describe('authentication_config', () => {
    it('refuses a bearer config together with an Authorization header', () => {
      const both = config({
        headers: { Authorization: 'Bearer other' },
        authentication_config: { bearer: { token: 'b3arer-t0ken' } },
      });
      expect(validateWebhookConfig(both, {})).toEqual([
        {
          path: '$.headers.Authorization',
          message: 'conflicts with "authentication_config.bearer", which sets the Authorization header; remove one of them',
        },
      ]);
    });

    it('refuses an OAuth config together with an Authorization header', () => {
      const both = config({
        headers: { authorization: 'Bearer other' },
        authentication_config: { oauth: { client_id: '0oa1b2c3', client_secret: 'cl1ent-s3cret' } },
      });
      expect(validateWebhookConfig(both, {})).toEqual([
        {
          path: '$.headers.authorization',
          message: 'conflicts with "authentication_config.oauth", which sets the Authorization header; remove one of them',
        },
      ]);
    });

    it('refuses bearer and oauth at once', () => {
      const both = config({
        authentication_config: { bearer: { token: 'b3arer-t0ken' }, oauth: { client_id: '0oa1b2c3' } },
      });
      expect(validateWebhookConfig(both, {})).toEqual([
        { path: '$.authentication_config', message: 'must set "bearer" or "oauth", not both' },
      ]);
    });

    it('refuses an empty bearer token, and one that cannot be sent in a header', () => {
      expect(validateWebhookConfig(config({ authentication_config: { bearer: { token: '' } } }), {})).toEqual([
        { path: '$.authentication_config.bearer.token', message: 'must not be empty' },
      ]);
      expect(validateWebhookConfig(config({ authentication_config: { bearer: { token: 'ab\ncd' } } }), {})).toEqual([
        {
          path: '$.authentication_config.bearer.token',
          message: 'must not contain spaces, line breaks or control characters',
        },
      ]);
    });
  });

  describe('headers', () => {
    it('refuses a header name that HTTP does not allow', () => {
      expect(validateWebhookConfig(config({ headers: { 'X Trace': 'a' } }), {})).toEqual([
        { path: '$.headers["X Trace"]', message: "is not a header name; use letters, digits and !#$%&'*+-.^_`|~ only" },
      ]);
    });

    it('refuses headers that the HTTP client sets itself', () => {
      expect(validateWebhookConfig(config({ headers: { Host: 'evil.example', 'Content-Length': '3' } }), {})).toEqual([
        { path: '$.headers.Host', message: 'is set by the HTTP client from the request itself; remove it' },
        { path: '$.headers["Content-Length"]', message: 'is set by the HTTP client from the request itself; remove it' },
      ]);
    });

    it('refuses a header value with a line break', () => {
      expect(validateWebhookConfig(config({ headers: { 'X-Trace': 'a\r\nX-Injected: 1' } }), {})).toEqual([
        {
          path: '$.headers["X-Trace"]',
          message: 'must not contain line breaks, control characters or characters beyond Latin-1',
        },
      ]);
    });

    it('refuses the same header twice in different case', () => {
      expect(validateWebhookConfig(config({ headers: { 'X-Trace': 'a', 'x-trace': 'b' } }), {})).toEqual([
        { path: '$.headers["x-trace"]', message: 'repeats the header "X-Trace" (header names ignore case); keep one' },
      ]);
    });
  });

  describe('filters', () => {
    it('refuses an empty filter value', () => {
      expect(validateWebhookConfig(config({ filters: { integrations: ['prod db', ''] } }), {})).toEqual([
        { path: '$.filters.integrations[1]', message: 'must not be empty' },
      ]);
    });

    it('refuses a requester that is not an email address', () => {
      expect(validateWebhookConfig(config({ filters: { requesters: ['dana'] } }), {})).toEqual([
        { path: '$.filters.requesters[0]', message: '"dana" is not an email address; requesters are matched by email' },
      ]);
    });

    it('refuses a filter that does not exist', () => {
      expect(validateWebhookConfig(config({ filters: { environments: ['prod'] } }), {})).toEqual([
        { path: '$.filters.environments', message: 'is not a known field' },
      ]);
    });
  });

  describe('schema', () => {
    it('refuses a method other than POST, PUT, PATCH, DELETE and GET', () => {
      expect(validateWebhookConfig(config({ method: 'HEAD' }), {})).toEqual([
        { path: '$.method', message: 'must be one of "POST", "PUT", "PATCH", "DELETE", "GET"' },
      ]);
    });

    it('refuses unknown fields and missing required ones', () => {
      expect(validateWebhookConfig({ url: OKTA_URL, retries: 3 }, {})).toEqual([
        { path: '$.retries', message: 'is not a known field' },
        { path: '$.name', message: 'is required' },
        { path: '$.triggers', message: 'is required' },
      ]);
    });

    it('refuses a value that is not an object', () => {
      expect(validateWebhookConfig([], {})).toEqual([{ path: '$', message: 'must be object' }]);
    });
  });

  it('reports every problem at once, in the order of the fields', () => {
    const broken = {
      name: 'okta@prod',
      url: 'http://acme.workflows.okta.com/api/flo/3f9a1c2b7d4e/invoke',
      triggers: [],
      timeout_in_sec: 90,
      response_validators: [{ json_path: 'status', expected_values: [] }],
    };
    expect(validateWebhookConfig(broken, {}).map((problem) => problem.path)).toEqual([
      '$.name',
      '$.url',
      '$.triggers',
      '$.timeout_in_sec',
      '$.response_validators[0].json_path',
      '$.response_validators[0].expected_values',
    ]);
  });

  it('never repeats a secret in a problem', () => {
    const secretive = config({
      url: `${OKTA_URL}?clientToken=c1i3nt-t0ken`,
      headers: { 'x-api-client-token': 'c1i3nt-t0ken', Authorization: 'Bearer h3ader-t0ken\n' },
      authentication_config: { bearer: { token: 'b3arer t0ken' } },
    });
    const problems = validateWebhookConfig(secretive, {});
    expect(problems).toHaveLength(4);
    expect(JSON.stringify(problems)).not.toMatch(/c1i3nt|h3ader|b3arer/);
  });
});

describe('parseWebhookConfig', () => {
  it('applies the defaults to the fields left out', () => {
    expect(parseWebhookConfig(config(), {})).toEqual({
      name: 'okta prod',
      url: OKTA_URL,
      triggers: ['RequestCreated', 'RequestGranted'],
      active: true,
      method: 'POST',
      timeout_in_sec: 30,
      headers: {},
      filters: {},
      response_validators: [],
      retry_on_validator_failure: false,
    });
  });

  it('keeps the values that are given, and turns null response_validators into none', () => {
    const parsed = parseWebhookConfig(
      config({ active: false, method: 'GET', timeout_in_sec: 5, headers: { 'X-Trace': 'a' }, response_validators: null }),
      {},
    );
    expect(parsed).toMatchObject({
      active: false,
      method: 'GET',
      timeout_in_sec: 5,
      headers: { 'X-Trace': 'a' },
      response_validators: [],
    });
  });

  it('returns a deeply frozen copy that shares nothing with the input or the defaults', () => {
    const input = config({ filters: { integrations: ['prod db'] } });
    const parsed = parseWebhookConfig(input, {});
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.isFrozen(parsed.filters?.integrations)).toBe(true);
    expect(Object.isFrozen(parsed.headers)).toBe(true);
    expect(parsed.headers).not.toBe(WEBHOOK_DEFAULTS.headers);
    (input.filters as { integrations: string[] }).integrations.push('staging db');
    expect(parsed.filters?.integrations).toEqual(['prod db']);
    expect(input).not.toHaveProperty('active');
  });

  it('throws FLOWHOOK_CONFIG_INVALID with every problem, a message naming the webhook, and a hint', () => {
    const err = refusal(config({ triggers: [], timeout_in_sec: 0 }));
    expect(err.code).toBe('FLOWHOOK_CONFIG_INVALID');
    expect(err.details).toEqual([
      { path: '$.triggers', message: `must list at least one trigger: ${TRIGGER_LIST}` },
      {
        path: '$.timeout_in_sec',
        message:
          'must be a whole number of seconds from 1 to 60, not 0 (Okta Workflows closes the connection at 60 s; leave it out for 30)',
      },
    ]);
    expect(err.message).toBe(
      `webhook config "okta prod" has 2 problems: $.triggers must list at least one trigger: ${TRIGGER_LIST}; ` +
        '$.timeout_in_sec must be a whole number of seconds from 1 to 60, not 0 ' +
        '(Okta Workflows closes the connection at 60 s; leave it out for 30)',
    );
    expect(err.hint).toBe('Fix the field at each JSON path listed in details, then load the config again.');
  });

  it('checks name uniqueness and local targets with the options given', () => {
    const local = config({ url: 'http://127.0.0.1:40123/api/flo/3f9a1c2b7d4e/invoke' });
    expect(parseWebhookConfig(local, { allowLocal: true }).url).toBe('http://127.0.0.1:40123/api/flo/3f9a1c2b7d4e/invoke');
    expect(() => parseWebhookConfig(config(), { otherNames: ['Okta Prod'] })).toThrow(
      'webhook config "okta prod" has 1 problem: $.name is already the name of another webhook',
    );
  });
});

describe('WEBHOOK_DEFAULTS', () => {
  it('holds the documented defaults, frozen', () => {
    expect(WEBHOOK_DEFAULTS).toEqual({
      active: true,
      method: 'POST',
      timeout_in_sec: 30,
      headers: {},
      filters: {},
      response_validators: [],
      retry_on_validator_failure: false,
    });
    expect(Object.isFrozen(WEBHOOK_DEFAULTS)).toBe(true);
    expect(Object.isFrozen(WEBHOOK_DEFAULTS.headers)).toBe(true);
  });
});
