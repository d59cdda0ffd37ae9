import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compiledContract } from '../../mock-okta/contract.js';
import { lintCommand, lintWebhook, readContractFile } from '../../src/cli/lint-command.js';
import { OKTA_GUIDE_TEMPLATE, sampleEvent } from '../../src/core/samples.js';
import { rsaKeyPair } from '../auth/keys.js';
import { capturedIO } from './captured-io.js';
import { tempFiles } from './temp-files.js';

const OKTA_EXAMPLE = new URL('../fixtures/okta-webhook.json', import.meta.url).pathname;
const okta = JSON.parse(readFileSync(OKTA_EXAMPLE, 'utf8')) as Record<string, unknown>;
const INVOKE_URL = 'https://acme.workflows.okta.com/api/flo/0f1e2d3c4b5a69788796a5b4c3d2e1f0/invoke';
const ALL_TRIGGERS = ['RequestCreated', 'RequestApproved', 'RequestRejected', 'RequestGranted', 'RequestExpired', 'RequestFailed'];

let files: ReturnType<typeof tempFiles>;
beforeEach(() => {
  files = tempFiles();
});
afterEach(() => files.remove());

describe('lintWebhook', () => {
  it('passes the Okta example config, explaining its URL form and rendering all six samples', () => {
    expect(lintWebhook(okta)).toEqual({
      webhook: 'Okta Workflows access requests',
      target:
        'Okta Workflows invoke URL of org "acme", flow alias "0f1e2d3c4b5a69788796a5b4c3d2e1f0": ' +
        'the client token is in the "x-api-client-token" header.',
      renders: ALL_TRIGGERS,
      problems: [],
    });
  });

  it('reports a misspelt template path with its line and the path the schema has', () => {
    const template = '{\n  "email": "{{data.requester.emial}}",\n  "id": "{{data.friendly_id}}"\n}';
    expect(lintWebhook({ ...okta, body_template: template }).problems).toEqual([
      {
        path: '$.body_template',
        message: 'line 2: "data.requester.emial" is not in the event schema, so it renders empty; did you mean "data.requester.email"?',
      },
    ]);
  });

  it('follows #each into the array elements when it checks paths', () => {
    const template = '{"approvers": [{{#each data.approvals}}"{{aprover.email}}"{{#unless @last}},{{/unless}}{{/each}}]}';
    expect(lintWebhook({ ...okta, body_template: template }).problems).toEqual([
      {
        path: '$.body_template',
        message: 'line 1: "aprover.email" is not in the event schema, so it renders empty; did you mean "approver.email"?',
      },
    ]);
  });

  it('names the triggers whose sample does not render to JSON', () => {
    const report = lintWebhook({ ...okta, body_template: '{\n  "revoked": {{data.revocation_date}}\n}' });
    expect(report.renders).toEqual(['RequestGranted', 'RequestExpired']);
    expect(report.problems).toEqual([
      {
        path: '$.body_template',
        message:
          'line 3: expected a JSON value (a string in double quotes, a number, true, false, null, an object or an array), ' +
          'near "{\\n  \\"revoked\\": \\n}" ' +
          '(rendering the sample event of RequestCreated, RequestApproved, RequestRejected, RequestFailed)',
      },
    ]);
  });

  it('reports the config problems and the template problems together', () => {
    const report = lintWebhook({ ...okta, timeout_in_sec: 90, body_template: '{"a": "{{#if}}"}' });
    expect(report.renders).toEqual([]);
    expect(report.problems).toEqual([
      {
        path: '$.timeout_in_sec',
        message: 'must be a whole number of seconds from 1 to 60, not 90 (Okta Workflows closes the connection at 60 s; leave it out for 30)',
      },
      { path: '$.body_template', message: "line 1: expecting 'OPEN_INVERSE_CHAIN', 'INVERSE', 'OPEN_ENDBLOCK', got 'EOF'" },
    ]);
  });

  it("explains the Apono guide's short URL form, whose path holds the client token, without showing the token", () => {
    const { headers: _headers, ...config } = okta;
    const report = lintWebhook({ ...config, url: 'https://acme.workflows.okta.com/api/flo/ct-path-SECRET-4821' });
    expect(report.problems).toEqual([]);
    expect(report.target).toBe(
      'Okta Workflows URL of org "acme" in the Apono guide\'s form …/api/flo/<clientToken>: ' +
        'the client token is the last path segment, so the whole URL is a secret.',
    );
  });

  it('refuses a mock URL unless local targets are allowed, and says it is not an Okta Workflows URL', () => {
    const { headers: _headers, ...config } = okta;
    const local = { ...config, url: 'http://127.0.0.1:8787/api/flo/hook/invoke' };
    expect(lintWebhook(local).problems.map((problem) => problem.message)).toEqual([
      'uses "http", not HTTPS; use https:// (plain http is allowed only for local test targets: pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1 (loopback and private ranges), or name the networks with --allow-net or FLOWHOOK_ALLOW_NET)',
      'has the custom port 8787; remove it (custom ports are allowed only for local test targets: pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1 (loopback and private ranges), or name the networks with --allow-net or FLOWHOOK_ALLOW_NET)',
      'points at the local address 127.0.0.1; local targets are refused unless allowed: pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1 (loopback and private ranges), or name the networks with --allow-net or FLOWHOOK_ALLOW_NET',
    ]);
    const allowed = lintWebhook(local, { allowLocal: true });
    expect(allowed.problems).toEqual([]);
    expect(allowed.target).toBe(
      'not an Okta Workflows URL (127.0.0.1:8787 is not <org>.workflows.okta.com), with Okta\'s invoke path for the flow alias "hook": ' +
        'no credential is sent, so the flow must be public.',
    );
  });

  it('describes the OAuth client of a private_key_jwt config, and reports OAuth settings that cannot work', () => {
    const { headers: _headers, ...config } = okta;
    const key = rsaKeyPair().privatePem;
    const report = lintWebhook({ ...config, authentication_config: { oauth: { client_id: '0oa1b2c3d4', private_key: key, key_id: 'kid-1' } } });
    expect(report.problems).toEqual([]);
    expect(report.target).toBe(
      'Okta Workflows invoke URL of org "acme", flow alias "0f1e2d3c4b5a69788796a5b4c3d2e1f0": ' +
        'an OAuth 2.0 access token of the client "0oa1b2c3d4" from https://acme.okta.com/oauth2/v1/token is sent in the Authorization header.',
    );
    expect(report.oauth).toContain('https://acme.okta.com/oauth2/v1/token (the org authorization server of the Okta Workflows URL)');
    expect(report.oauth).toContain('private_key_jwt (RS256, kid "kid-1")');
    expect(JSON.stringify(report)).not.toContain('PRIVATE KEY');

    const keyless = lintWebhook({ ...config, authentication_config: { oauth: { client_id: '0oa1b2c3d4' } } });
    expect(keyless.oauth).toBeUndefined();
    expect(keyless.problems).toEqual([
      {
        path: '$.authentication_config.oauth',
        message:
          'needs "private_key" (private_key_jwt, which Okta Workflows requires) or "client_secret" (client_secret_basic or client_secret_post)',
      },
    ]);
  });
});

describe('lintCommand', () => {
  it('prints the report and exits 0 for a config without problems', async () => {
    const io = capturedIO();
    expect(await lintCommand({ webhook: OKTA_EXAMPLE }, io)).toBe(0);
    expect(io.stdout).toEqual([
      `webhook "Okta Workflows access requests" (${OKTA_EXAMPLE})`,
      `  target: Okta Workflows invoke URL of org "acme", flow alias "0f1e2d3c4b5a69788796a5b4c3d2e1f0": the client token is in the "x-api-client-token" header.`,
      '  template: renders JSON for all 6 triggers',
      'no problems found',
    ]);
    expect(io.stderr).toEqual([]);
  });

  it('lists every problem on standard error, path first, and exits 2', async () => {
    const file = files.write('typo.json', { ...okta, triggers: [], body_template: '{"who": "{{data.requestor.email}}"}' });
    const io = capturedIO();
    expect(await lintCommand({ webhook: file }, io)).toBe(2);
    expect(io.stdout).toEqual([
      `webhook "Okta Workflows access requests" (${file})`,
      `  target: Okta Workflows invoke URL of org "acme", flow alias "0f1e2d3c4b5a69788796a5b4c3d2e1f0": the client token is in the "x-api-client-token" header.`,
      '  template: renders JSON for all 6 triggers',
    ]);
    expect(io.stderr).toEqual([
      `error: webhook config "Okta Workflows access requests" (${file}) has 2 problems`,
      '  $.triggers must list at least one trigger: RequestCreated, RequestApproved, RequestRejected, RequestGranted, RequestExpired, RequestFailed',
      '  $.body_template line 1: "data.requestor.email" is not in the event schema, so it renders empty; did you mean "data.requester.email"?',
      'hint: fix each problem at its JSON path, then run flowhook lint again',
    ]);
  });

  it('allows a local target when FLOWHOOK_ALLOW_LOCAL=1 is set', async () => {
    const file = files.write('local.json', { ...okta, url: 'http://127.0.0.1:8787/api/flo/hook/invoke' });
    expect(await lintCommand({ webhook: file }, capturedIO())).toBe(2);
    expect(await lintCommand({ webhook: file }, capturedIO({ FLOWHOOK_ALLOW_LOCAL: '1' }))).toBe(0);
    expect(await lintCommand({ webhook: file, allowLocal: true }, capturedIO())).toBe(0);
  });

  it('prints the report as JSON with --json, never the client token', async () => {
    const file = files.write('query.json', { ...okta, headers: {}, url: `${INVOKE_URL}?clientToken=ct-query-SECRET-77` });
    const io = capturedIO();
    expect(await lintCommand({ webhook: file, json: true }, io)).toBe(0);
    expect(JSON.parse(io.stdout.join('\n'))).toEqual({
      webhook: 'Okta Workflows access requests',
      target:
        'Okta Workflows invoke URL of org "acme", flow alias "0f1e2d3c4b5a69788796a5b4c3d2e1f0": the client token is in the "clientToken" query parameter.',
      renders: ALL_TRIGGERS,
      problems: [],
    });
    expect(io.stdout.join('\n')).not.toContain('ct-query-SECRET-77');
  });

  it.each([
    ['[::127.0.0.1]', 'the local address [::7f00:1] (Loopback, 127.0.0.0/8, embedded as 127.0.0.1 in the IPv4-compatible Address (deprecated) form ::/96)'],
    ['[64:ff9b::7f00:1]', 'the local address [64:ff9b::7f00:1] (Loopback, 127.0.0.0/8, embedded as 127.0.0.1 in the IPv4-IPv6 Translation (NAT64) form 64:ff9b::/96)'],
    ['[2002:7f00:1::]', 'the local address [2002:7f00:1::] (Loopback, 127.0.0.0/8, embedded as 127.0.0.1 in the 6to4 form 2002::/16)'],
    ['[::ffff:0:7f00:1]', 'the local address [::ffff:0:7f00:1] (Loopback, 127.0.0.0/8, embedded as 127.0.0.1 in the IPv4-translated Address form ::ffff:0:0:0/96)'],
    ['198.18.0.1', 'the special-purpose address 198.18.0.1 (Benchmarking, 198.18.0.0/15)'],
    ['224.0.0.1', 'the special-purpose address 224.0.0.1 (Multicast, 224.0.0.0/4)'],
    ['240.0.0.1', 'the special-purpose address 240.0.0.1 (Reserved, 240.0.0.0/4)'],
    ['255.255.255.255', 'the special-purpose address 255.255.255.255 (Limited Broadcast, 255.255.255.255/32)'],
  ])('refuses the audit\'s %s, which lint never connects to, and exits 2', async (host, what) => {
    const file = files.write('hook.json', { ...okta, url: `https://${host}/api/flo/hook/invoke` });
    const io = capturedIO();
    expect(await lintCommand({ webhook: file, json: true }, io)).toBe(2);
    const report = JSON.parse(io.stdout.join('\n')) as { problems: Array<{ path: string; message: string }> };
    expect(report.problems).toEqual([{ path: '$.url', message: expect.stringMatching(new RegExp(`^points at ${what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; `)) }]);
  });

  it('refuses the metadata address even with --allow-local, and allows it with --allow-net', async () => {
    const file = files.write('meta.json', { ...okta, headers: {}, url: 'http://169.254.169.254/latest' });
    const refused = capturedIO();
    expect(await lintCommand({ webhook: file, allowLocal: true }, refused)).toBe(2);
    expect(refused.stderr[1]).toBe(
      '  $.url points at the special-purpose address 169.254.169.254 (Link Local, 169.254.0.0/16); it is not a public address and is refused ' +
        '(--allow-local allows loopback and private ranges only); allow its network with --allow-net or FLOWHOOK_ALLOW_NET, e.g. --allow-net 127.0.0.0/8,::1/128',
    );
    expect(await lintCommand({ webhook: file, allowNet: '169.254.169.254' }, capturedIO())).toBe(0);
  });

  it('allows only the networks of --allow-net or FLOWHOOK_ALLOW_NET, and refuses a list that is not one', async () => {
    const file = files.write('local.json', { ...okta, url: 'http://127.0.0.1:8787/api/flo/hook/invoke' });
    expect(await lintCommand({ webhook: file, allowNet: '127.0.0.0/8' }, capturedIO())).toBe(0);
    expect(await lintCommand({ webhook: file }, capturedIO({ FLOWHOOK_ALLOW_NET: '127.0.0.1,::1' }))).toBe(0);
    const outside = capturedIO();
    expect(await lintCommand({ webhook: file, allowNet: '10.0.0.0/8' }, outside)).toBe(2);
    expect(outside.stderr).toContain(
      '  $.url points at the local address 127.0.0.1; it is outside the networks allowed by --allow-net (10.0.0.0/8); add its network to --allow-net or FLOWHOOK_ALLOW_NET',
    );
    const wrong = capturedIO();
    expect(await lintCommand({ webhook: file, allowNet: 'localhost' }, wrong)).toBe(2);
    expect(wrong.stderr).toEqual([
      'error: --allow-net: "localhost" is not an IPv4 or IPv6 address or network; write e.g. 127.0.0.0/8 or ::1/128',
      'hint: give --allow-net comma-separated networks or addresses, e.g. 127.0.0.0/8,::1/128',
    ]);
  });

  it('resolves secret references, so a committed config lints, and never prints what they resolve to', async () => {
    files.write('token.txt', 'ct-FILE-SECRET-31\n');
    const file = files.write('refs.json', { ...okta, headers: { 'x-api-client-token': { $file: 'token.txt' } } });
    const io = capturedIO();
    expect(await lintCommand({ webhook: file, json: true }, io)).toBe(0);
    expect(io.stdout.join('\n')).not.toContain('ct-FILE-SECRET-31');
    const missing = capturedIO();
    const unset = files.write('unset.json', { ...okta, headers: { 'x-api-client-token': { $env: 'OKTA_CLIENT_TOKEN' } } });
    expect(await lintCommand({ webhook: unset }, missing)).toBe(2);
    expect(missing.stderr).toEqual([
      `error: webhook config "${unset}" (its secret references) has 1 problem`,
      '  $.headers["x-api-client-token"] names the environment variable "OKTA_CLIENT_TOKEN", which is not set; set it, or give the secret another way',
      'hint: set each environment variable named by "$env" and make each file named by "$file" readable (a relative path is relative to the config file)',
    ]);
  });

  it('says which file cannot be read and how to fix it', async () => {
    const io = capturedIO();
    expect(await lintCommand({ webhook: `${files.dir}/missing.json` }, io)).toBe(2);
    expect(io.stderr).toEqual([`error: cannot read webhook config "${files.dir}/missing.json": no such file`, 'hint: check the path given to --webhook']);
  });
});

describe('lintWebhook with a flow contract', () => {
  const GUIDE_CONTRACT_FILE = new URL('../fixtures/okta-guide-contract.json', import.meta.url).pathname;
  const guideContract = readContractFile(GUIDE_CONTRACT_FILE);
  const guide = { ...okta, body_template: OKTA_GUIDE_TEMPLATE };

  it("passes the Apono guide's template for all six triggers against the contract written from it", () => {
    const report = lintWebhook(guide, {}, { contract: guideContract, events: [] });
    expect(report.problems).toEqual([]);
    expect(report.checked).toEqual(ALL_TRIGGERS.map((trigger) => `the ${trigger} sample`));
  });

  it('names the template line, the tag and the field a template typo leaves empty', () => {
    const typo = { ...guide, body_template: OKTA_GUIDE_TEMPLATE.replace('data.requester.email', 'data.requester.emial'), triggers: ['RequestGranted'] };
    expect(lintWebhook(typo, {}, { contract: guideContract, events: [] }).problems).toEqual([
      { path: '$.body_template', message: 'line 5: "data.requester.emial" is not in the event schema, so it renders empty; did you mean "data.requester.email"?' },
      {
        path: '$.body_template',
        message:
          'line 5: $.fields["requestor email"] must NOT have fewer than 3 characters (the flow\'s contract): ' +
          '{{data.requester.emial}} renders empty: the event has no data.requester.emial (rendering the RequestGranted sample)',
      },
      {
        path: '$.body_template',
        message:
          'line 5: $.fields["requestor email"] must match pattern "@" (the flow\'s contract): ' +
          '{{data.requester.emial}} renders empty: the event has no data.requester.emial (rendering the RequestGranted sample)',
      },
    ]);
  });

  it('says which events leave a field empty that the schema has but they lack, a given --event among them', () => {
    const template = '{\n  "until": "{{data.revocation_date}}"\n}';
    const contract = compiledContract({ body: { type: 'object', properties: { until: { type: 'string', minLength: 1 } } } });
    const granted = { name: 'granted.json', event: sampleEvent('RequestGranted') };
    const report = lintWebhook({ ...okta, body_template: template }, {}, { contract, events: [granted] });
    expect(report.checked).toEqual([...ALL_TRIGGERS.map((trigger) => `the ${trigger} sample`), 'granted.json']);
    expect(report.problems).toEqual([
      {
        path: '$.body_template',
        message:
          'line 2: $.until must NOT have fewer than 1 characters (the flow\'s contract): {{data.revocation_date}} renders empty: ' +
          'data.revocation_date is null in the event (rendering the RequestCreated sample, the RequestApproved sample, the RequestRejected sample, the RequestFailed sample)',
      },
    ]);
  });

  it('names a required field the template does not render, and the headers and query parameters the webhook does not send', () => {
    const contract = compiledContract({ body: { type: 'object', required: ['ticket'] }, headers: ['Content-Type', 'x-request-id'], query: ['source'] });
    expect(lintWebhook({ ...guide, triggers: ['RequestCreated'] }, {}, { contract, events: [] }).problems).toEqual([
      { path: '$.body_template', message: '$.ticket is required by the flow\'s contract, and the template renders no such field (rendering the RequestCreated sample)' },
      { path: '$.headers', message: 'has no "x-request-id" header, which the flow\'s contract requires' },
      { path: '$.url', message: 'has no "source" query parameter, which the flow\'s contract requires' },
    ]);
  });
});

describe('lintCommand --contract and --event', () => {
  const GUIDE_CONTRACT_FILE = new URL('../fixtures/okta-guide-contract.json', import.meta.url).pathname;

  it('exits 2 when a rendered body breaks the contract, and 0 once it holds', async () => {
    const typo = files.write('typo.json', { ...okta, triggers: ['RequestCreated'], body_template: '{"fields": {"requestor email": "{{data.requester.mail}}"}}' });
    const contract = files.write('contract.json', { body: { properties: { fields: { properties: { 'requestor email': { type: 'string', minLength: 1 } } } } } });
    const io = capturedIO();
    expect(await lintCommand({ webhook: typo, contract }, io)).toBe(2);
    expect(io.stdout).toContain('  checked: the RequestCreated sample');
    expect(io.stderr).toContain(
      '  $.body_template line 1: $.fields["requestor email"] must NOT have fewer than 1 characters (the flow\'s contract): ' +
        '{{data.requester.mail}} renders empty: the event has no data.requester.mail (rendering the RequestCreated sample)',
    );
    expect(await lintCommand({ webhook: OKTA_EXAMPLE, contract: GUIDE_CONTRACT_FILE }, capturedIO())).toBe(0);
  });

  it('renders each --event file, and refuses one that is not an event', async () => {
    const event = files.write('event.json', sampleEvent('RequestGranted'));
    const io = capturedIO();
    expect(await lintCommand({ webhook: OKTA_EXAMPLE, contract: GUIDE_CONTRACT_FILE, event: [event], json: true }, io)).toBe(0);
    expect(JSON.parse(io.stdout.join('\n')).checked).toEqual([...ALL_TRIGGERS.map((trigger) => `the ${trigger} sample`), event]);
    const bad = files.write('bad-event.json', { event_type: 'RequestGranted' });
    const refused = capturedIO();
    expect(await lintCommand({ webhook: OKTA_EXAMPLE, event: [bad] }, refused)).toBe(2);
    expect(refused.stderr[0]).toMatch(/^error: /);
  });

  it('refuses a contract file that is not a contract, naming the field', async () => {
    const contract = files.write('bad-contract.json', { body: { type: 'object', minProperty: 1 }, onFailure: 'record' });
    const io = capturedIO();
    expect(await lintCommand({ webhook: OKTA_EXAMPLE, contract }, io)).toBe(2);
    expect(io.stderr).toEqual([
      `error: flow contract (${contract}) is invalid: "$.body" is not a JSON Schema that compiles: strict mode: unknown keyword: "minProperty"`,
      '  $.body is not a JSON Schema that compiles: strict mode: unknown keyword: "minProperty"',
      'hint: the file holds a flow\'s "contract" object: { "body": { a JSON Schema }, "headers": [...], "query": [...] } (FlowContract in openapi/mock-okta.yaml)',
    ]);
  });
});
