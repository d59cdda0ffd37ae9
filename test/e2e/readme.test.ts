/**
 * The README's walk-throughs, run as a reader would follow them, against the mock on loopback: the configs
 * are the README's own blocks (`file=` in their info string), changed only where the README says to change
 * them (the URLs, and the placeholders it spells `<alias>`, `<KID>`, `0oa1abc…` and `…`).
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMockConfig } from '../../mock-okta/config-file.js';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';
import { lintWebhook } from '../../src/cli/lint-command.js';
import { sendCommand } from '../../src/cli/send-command.js';
import { testCommand } from '../../src/cli/test-command.js';
import { TRIGGERS } from '../../src/core/triggers.js';
import { capturedIO } from '../cli/captured-io.js';
import { tempFiles } from '../cli/temp-files.js';
import { readmeFiles } from '../support/readme.js';

const README = readmeFiles();
const README_TEXT = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function block(file: string): string {
  const text = README.get(file);
  if (text === undefined) throw new Error(`README.md has no block "file=${file}"`);
  return text;
}

/** `text` with each placeholder replaced by its value, written as it stands inside a JSON string. */
function fill(text: string, values: Record<string, string>): string {
  let filled = text;
  for (const [placeholder, value] of Object.entries(values)) {
    if (!filled.includes(placeholder)) throw new Error(`the README block no longer holds ${placeholder}`);
    filled = filled.replaceAll(placeholder, JSON.stringify(value).slice(1, -1));
  }
  return filled;
}

let files: ReturnType<typeof tempFiles>;
let mock: RunningMockOkta | undefined;

beforeEach(() => {
  files = tempFiles();
});
afterEach(async () => {
  await mock?.close();
  mock = undefined;
  files.remove();
});

describe('README: Connect an Okta Workflows flow', () => {
  it('step 3: okta-webhook.json lints without a problem', () => {
    expect(lintWebhook(JSON.parse(block('okta-webhook.json'))).problems).toEqual([]);
  });

  /** Step 4: the mock from the echoed mock.json, and the copy of the config pointed at it. */
  async function localSetup(): Promise<string> {
    const echoed = /^ {3}echo '(.+)' > mock\.json$/m.exec(README_TEXT)?.[1];
    expect(echoed, 'the echo line of step 4').toBeDefined();
    const config = readMockConfig(files.write('mock.json', echoed as string));
    mock = await startMockOkta({ flows: config.flows });
    // "in a copy of the config, set url … and x-api-client-token …" (the mock listens on a free port here, not 8787)
    const local = fill(block('okta-webhook.json'), {
      'https://acme.workflows.okta.com/api/flo/0f1e2d3c4b5a69788796a5b4c3d2e1f0/invoke': mock.invokeUrl('access'),
      'REPLACE-WITH-THE-FLOWS-CLIENT-TOKEN': 'test-token',
    });
    return files.write('local.json', local);
  }

  // Each test stays under the flow's 10 calls a second, which the mock enforces as Okta does.
  it('step 4: flowhook test of the copied config against the mock is successful for every trigger', async () => {
    const webhook = await localSetup();
    const tested = capturedIO();
    expect(await testCommand({ webhook, allowLocal: true, reporter: 'summary' }, tested), tested.stdout.join('\n')).toBe(0);
    expect(await mock?.executions({ alias: 'access', status: 200 })).toHaveLength(TRIGGERS.length);
  });

  it("step 6: flowhook send delivers every trigger's sample: the config's filters match them", async () => {
    const webhook = await localSetup();
    for (const trigger of TRIGGERS) {
      const sent = capturedIO();
      // Exit 3 would mean the README's filters skip the samples, as "Postgresql" once did.
      expect(await sendCommand({ webhook, trigger, allowLocal: true }, sent), `${trigger}: ${sent.stderr.join('\n')}`).toBe(0);
    }
  });
});

describe('README: Secrets by reference', () => {
  it('okta-webhook-env.json sends with the client token taken from OKTA_CLIENT_TOKEN, and never prints it', async () => {
    mock = await startMockOkta({ flows: [{ alias: 'access', security: 'clientToken', clientToken: 'env-token-0001' }] });
    const webhook = files.write(
      'okta-webhook-env.json',
      fill(block('okta-webhook-env.json'), { 'https://acme.workflows.okta.com/api/flo/0f1e2d3c4b5a69788796a5b4c3d2e1f0/invoke': mock.invokeUrl('access') }),
    );
    const sent = capturedIO({ OKTA_CLIENT_TOKEN: 'env-token-0001' });
    expect(await sendCommand({ webhook, trigger: 'RequestGranted', allowLocal: true, verbose: true }, sent), sent.stderr.join('\n')).toBe(0);
    expect([...sent.stdout, ...sent.stderr].join('\n')).not.toContain('env-token-0001');
    const [execution] = await mock.waitFor({ alias: 'access', count: 1 });
    expect(execution?.auth).toMatchObject({ via: 'header', valid: true });

    const unset = capturedIO({});
    expect(await sendCommand({ webhook, trigger: 'RequestGranted', allowLocal: true }, unset)).toBe(2);
    expect(unset.stderr.join('\n')).toContain('OKTA_CLIENT_TOKEN');
  });
});

describe('README: Secure with OAuth 2.0 (private_key_jwt)', () => {
  it('the webhook config and the mock config work together with only the two URLs and the placeholders changed', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keys = {
      private: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      public: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
    const values = { '<alias>': 'access-requests', '0oa1abc…': '0oa1flowhookreadme', '<KID>': 'readme-key-1' };
    const mockConfig = fill(block('mock-oauth.json'), { ...values, '-----BEGIN PUBLIC KEY-----\\n…': keys.public });
    mock = await startMockOkta(readMockConfig(files.write('mock.json', mockConfig)));

    const webhookConfig = fill(block('okta-oauth-webhook.json'), {
      ...values,
      '-----BEGIN PRIVATE KEY-----\\n…\\n-----END PRIVATE KEY-----\\n': keys.private,
      'https://acme.workflows.okta.com': mock.url,
      'https://acme.okta.com': mock.url,
    });
    const webhook = files.write('oauth.json', webhookConfig);

    const sent = capturedIO();
    expect(await sendCommand({ webhook, trigger: 'RequestGranted', allowLocal: true }, sent), [...sent.stdout, ...sent.stderr].join('\n')).toBe(0);
    const [execution] = await mock.waitFor({ alias: 'access-requests', count: 1 });
    expect(execution?.auth).toMatchObject({ level: 'oauth2', via: 'bearer', valid: true, clientId: '0oa1flowhookreadme' });
  });
});
