import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE_SEC } from '../../src/core/retry-policy.js';
import type { DeliveryListJson, InvocationRecord, WebhookJson } from '../../src/types.js';
import { API_TOKEN, CLIENT_TOKEN, eventually, FLOW_ALIAS, launchChromium, logIn, openPage, REBOUND_HOST, screenshot, startStack, type Stack } from './harness.js';

const OKTA_TEMPLATE = `{
  "fields": {
    "event type": "{{event_type}}",
    "requestor email": "{{data.requester.email}}",
    "integration name": "{{data.access_groups.[0].[integration].name}}"
  }
}`;

describe('connector UI', { timeout: 60_000 }, () => {
  let browser: Browser;
  let stack: Stack;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });
  beforeEach(async () => {
    stack = await startStack();
    ({ page, pageErrors } = await openPage(browser));
    await logIn(page, stack);
  });
  afterEach(async () => {
    await page.context().close();
    await stack.close();
    expect(pageErrors).toEqual([]);
  });

  /** A webhook made through the API, for tests about what comes after the form. */
  async function createWebhook(name: string): Promise<WebhookJson> {
    const response = await stack.api('/api/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name,
        url: stack.mock.invokeUrl(FLOW_ALIAS),
        headers: { 'x-api-client-token': CLIENT_TOKEN },
        body_template: OKTA_TEMPLATE,
        triggers: ['RequestCreated', 'RequestGranted'],
      }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as WebhookJson;
  }

  it('asks a page without a session to log in, and takes the token into a session without leaving it in the address bar', async () => {
    await page.context().clearCookies();
    await page.goto(stack.connectorUrl);
    const dialog = page.getByRole('dialog', { name: 'Log in to flowhook' });
    await eventually(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('Open the login URL that flowhook serve printed when it started');
    await screenshot(page, 'connector-login', { fullPage: false });

    await dialog.getByLabel('API token').fill(API_TOKEN);
    await dialog.getByRole('button', { name: 'Log in' }).click();
    await eventually(() => page.getByText('No webhooks yet.').isVisible()).toBe(true);
    expect(page.url()).toBe(`${stack.connectorUrl}/`);
    expect(await dialog.count()).toBe(0);
    const cookies = await page.context().cookies(stack.connectorUrl);
    expect(cookies).toEqual([expect.objectContaining({ httpOnly: true, sameSite: 'Strict', path: '/' })]);
    expect(JSON.stringify(cookies)).not.toContain(API_TOKEN);
    await page.goBack();
    expect(page.url()).not.toContain(API_TOKEN);
  });

  it('gives a page whose name was rebound to 127.0.0.1 nothing, not even the UI', async () => {
    const port = new URL(stack.connectorUrl).port;
    const response = await page.goto(`http://${REBOUND_HOST}:${port}/`);
    expect(response?.status()).toBe(421);
    expect(JSON.parse(await page.locator('body').textContent() ?? '{}')).toMatchObject({ code: 'FLOWHOOK_HOST_REFUSED' });
    const read = await page.evaluate(async () => {
      const answer = await fetch('/api/webhooks');
      return { status: answer.status, body: await answer.text() };
    });
    expect(read.status).toBe(421);
    expect(read.body).not.toContain('webhooks":[');
  });

  it("keeps a page of another origin on this machine from using the operator's session to change anything", async () => {
    const webhook = await createWebhook('Okta grants');
    // Another web app on this machine: another origin, but the same site (127.0.0.1), to which a SameSite cookie still goes.
    const other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>another app</title>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
      const refused = page.waitForResponse((answer) => answer.url().endsWith(`/api/webhooks/${webhook.id}/test`));
      await page.evaluate(async (url) => {
        await fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include' });
      }, `${stack.connectorUrl}/api/webhooks/${webhook.id}/test`);
      const answer = await refused;
      expect(answer.status()).toBe(403);
      expect(await stack.mock.executions({ alias: FLOW_ALIAS })).toEqual([]);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('creates a webhook through the form, tests it against a mock flow before and after saving, and shows the invocation data with the token redacted', async () => {
    await page.goto(stack.connectorUrl);
    await eventually(() => page.getByText('No webhooks yet.').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Add Webhook' }).click();

    await page.getByLabel('Name', { exact: true }).fill('Okta access requests');
    await page.getByLabel('URL', { exact: true }).fill('https://acme.workflows.okta.com/api/flo/3f2a9c/invoke?clientToken=tok-typed');
    await eventually(() => page.locator('.url-note').textContent()).toBe(
      'Okta Workflows invoke URL of org "acme", flow alias "3f2a9c": the client token is in the "clientToken" query parameter.',
    );
    await page.getByLabel('URL', { exact: true }).fill(stack.mock.invokeUrl(FLOW_ALIAS));
    await eventually(() => page.locator('.url-note').textContent())
      .toBe(`Okta Workflows invoke path of flow alias "${FLOW_ALIAS}" on a host that is not Okta's (the mock, or a proxy).`);
    await page.getByRole('button', { name: "View event's payload schema" }).click();
    const emailField = page.getByRole('table', { name: 'Fields of the event' }).locator('tr', { has: page.getByText('data.requester.email', { exact: true }) });
    expect(await emailField.locator('td').allTextContents()).toEqual(["data.requester.email stringRequester's email address", 'Insert']);
    await emailField.getByRole('button', { name: 'Insert {{data.requester.email}}' }).click();
    expect(await page.getByLabel('Body Template').inputValue()).toBe('{{data.requester.email}}');
    await screenshot(page, 'connector-payload-schema', { fullPage: false });
    await page.getByRole('button', { name: "Hide event's payload schema" }).click();
    await page.getByLabel('Body Template').fill(OKTA_TEMPLATE);
    await page.getByLabel('Authentication').selectOption('clientTokenHeader');
    await page.getByLabel('Client token', { exact: true }).fill(CLIENT_TOKEN);
    await page.getByRole('checkbox', { name: 'RequestCreated' }).check();
    await page.getByRole('checkbox', { name: 'RequestGranted' }).check();
    await page.getByLabel('Timeout in seconds').fill('10');
    await page.getByRole('button', { name: '+ Add', exact: true }).click();
    await page.getByLabel('Json Path').fill('$.data.ok');
    await page.getByLabel('Expected Values: type a value and press Enter').fill('true');
    await page.getByLabel('Expected Values: type a value and press Enter').press('Enter');
    await screenshot(page, 'connector-webhook-form');

    await page.getByLabel('Trigger of the test event').selectOption('RequestGranted');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await eventually(() => page.locator('.test-result').textContent()).toBe('Test successful');
    expect(await (await stack.api('/api/webhooks')).json()).toEqual({ webhooks: [] });
    const [unsaved] = await stack.mock.executions({ alias: FLOW_ALIAS });
    expect(unsaved?.body).toEqual({
      fields: { 'event type': 'RequestGranted', 'requestor email': 'dana.levi@example.com', 'integration name': 'prod db' },
    });

    await page.getByRole('button', { name: 'Save Webhook' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'saved' }).textContent()).toBe('Webhook "Okta access requests" saved.');
    const [stored] = (await (await stack.api('/api/webhooks')).json()).webhooks as WebhookJson[];
    expect(stored).toMatchObject({
      name: 'Okta access requests',
      active: true,
      url: stack.mock.invokeUrl(FLOW_ALIAS),
      headers: { 'x-api-client-token': '[REDACTED]' },
      triggers: ['RequestCreated', 'RequestGranted'],
      timeout_in_sec: 10,
      response_validators: [{ json_path: '$.data.ok', expected_values: ['true'] }],
    });

    await page.getByLabel('Trigger of the test event').selectOption('RequestCreated');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await eventually(() => page.locator('.test-result').textContent()).toBe('Test successful');
    await page.getByRole('button', { name: 'View Invocation Data' }).click();
    const panel = page.getByRole('dialog', { name: 'Invocation data' });
    expect(JSON.parse((await panel.locator('[data-part="request-body"]').textContent()) ?? '')).toEqual({
      fields: { 'event type': 'RequestCreated', 'requestor email': 'dana.levi@example.com', 'integration name': 'prod db' },
    });
    expect(await panel.locator('[data-part="request-headers"]').textContent()).toContain('x-api-client-token: [REDACTED]');
    expect(await panel.locator('[data-part="response-status"]').textContent()).toBe('HTTP 200');
    expect(await panel.getByRole('table', { name: 'Response validators' }).locator('tbody td').allTextContents()).toEqual(['$.data.ok', 'true', 'true', 'Passed']);
    expect(await panel.textContent()).not.toContain(CLIENT_TOKEN);
    await screenshot(page, 'connector-invocation-data', { fullPage: false });
    await page.keyboard.press('Escape');
    expect(await panel.count()).toBe(0);

    const [execution] = await stack.mock.executions({ alias: FLOW_ALIAS });
    expect(execution).toMatchObject({ status: 200, auth: { level: 'clientToken', via: 'header', valid: true } });
  });

  it("tests an edited webhook before saving it, with its stored token, and marks the config's problems when there are any", async () => {
    const webhook = await createWebhook('Okta grants');
    await page.goto(`${stack.connectorUrl}/#/webhooks/${webhook.id}`);
    await eventually(() => page.getByLabel('Body Template').inputValue()).toBe(OKTA_TEMPLATE);
    expect(await page.getByLabel('Client token', { exact: true }).inputValue()).toBe('');
    await page.getByLabel('Body Template').fill('{ "edited": "{{data.friendly_id}}" }');
    await page.getByLabel('Trigger of the test event').selectOption('RequestGranted');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await eventually(() => page.locator('.test-result').textContent()).toBe('Test successful');
    const [execution] = await stack.mock.executions({ alias: FLOW_ALIAS });
    expect(execution).toMatchObject({ status: 200, auth: { level: 'clientToken', via: 'header', valid: true } });
    expect(execution?.body).toEqual({ edited: 'AR-4821' });
    const stored = (await (await stack.api(`/api/webhooks/${webhook.id}`)).json()) as WebhookJson;
    expect(stored.body_template).toBe(OKTA_TEMPLATE);

    await page.getByLabel('URL', { exact: true }).fill('ftp://flows.example.com/hook');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await eventually(() => page.locator('.test-result').textContent()).toBe('Not tested — fix the problem marked above');
    expect(await page.getByRole('button', { name: 'View Invocation Data' }).isVisible()).toBe(false);
    expect(await page.locator('[data-problem-path="$.url"] .field-error').first().textContent()).toBe('URL uses "ftp"; use https://');
    expect(await stack.mock.executions({ alias: FLOW_ALIAS })).toHaveLength(1);
  });

  it("shows the API's validation messages next to the fields they concern", async () => {
    await page.goto(`${stack.connectorUrl}/#/webhooks/new`);
    await page.getByLabel('Name', { exact: true }).fill('Okta requests!');
    await page.getByLabel('URL', { exact: true }).fill('ftp://flows.example.com/hook');
    await page.getByRole('button', { name: '+ Add', exact: true }).click();
    await page.getByLabel('Json Path').fill('$.status');
    await page.getByLabel('Expected Values: type a value and press Enter').fill('ok');
    await page.getByRole('button', { name: 'Save Webhook' }).click();

    const problemOf = (path: string) => page.locator(`[data-problem-path="${path}"] .field-error`).first().textContent();
    await eventually(() => problemOf('$.name')).toBe('Name may contain only letters, digits, spaces, "-" and "_", not "!"');
    expect(await problemOf('$.url')).toBe('URL uses "ftp"; use https://');
    expect(await problemOf('$.triggers')).toBe(
      'Triggers must list at least one trigger: RequestCreated, RequestApproved, RequestRejected, RequestGranted, RequestExpired, RequestFailed',
    );
    expect(await problemOf('$.response_validators[0]')).toBe(
      'Validator json_path must start with "$.data." and name a field of the flow\'s response, e.g. "$.data.status" ("$.data" is the JSON body of the response)',
    );
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('text');
    await screenshot(page, 'connector-webhook-form-problems');
    expect(await (await stack.api('/api/webhooks')).json()).toEqual({ webhooks: [] });
  });

  it('sends an event by hand, shows its deliveries live, and the flow execution in the mock history', async () => {
    const webhook = await createWebhook('Okta grants');
    await page.goto(`${stack.connectorUrl}/#/send`);
    await eventually(async () => JSON.parse((await page.getByLabel('Event', { exact: true }).inputValue()) || '{}').event_type).toBe('RequestCreated');
    await page.getByLabel('Trigger', { exact: true }).selectOption('RequestGranted');
    const sample = JSON.parse(await page.getByLabel('Event', { exact: true }).inputValue()) as { event_type: string; data: { requester: { email: string } } };
    expect(sample.event_type).toBe('RequestGranted');
    sample.data.requester.email = 'noa.katz@example.com';
    await page.getByLabel('Event', { exact: true }).fill(JSON.stringify(sample, null, 2));
    await page.getByRole('button', { name: 'Send event' }).click();

    const result = page.locator('[data-event-id]');
    await eventually(() => result.getByRole('heading').textContent()).toMatch(/^Event evt_[0-9a-f]{32} \(RequestGranted\) accepted: 1 delivery$/);
    await eventually(() => result.locator('tbody tr').textContent()).toBe('Okta grantsDelivered1HTTP 200 · delivered');
    await screenshot(page, 'connector-send-event');

    await page.getByRole('navigation').getByRole('link', { name: 'Deliveries' }).click();
    const rows = page.getByRole('table', { name: 'Deliveries' }).locator('tbody > tr');
    await eventually(() => rows.count()).toBe(1);
    await stack.api('/api/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...sample, event_type: 'RequestCreated' }),
    });
    await eventually(() => rows.count()).toBe(2);
    await eventually(() => rows.first().locator('td').nth(3).textContent()).toBe('Delivered');
    expect(await rows.first().locator('td').nth(2).textContent()).toBe('RequestCreated');
    const filtered = page.waitForRequest((sent) => sent.url().includes('/api/deliveries?') && new URL(sent.url()).searchParams.get('trigger') === 'RequestGranted');
    await page.getByLabel('Trigger', { exact: true }).selectOption('RequestGranted');
    await filtered;
    await eventually(() => rows.count()).toBe(1);
    await rows.first().getByRole('button', { name: '▸ 1 attempt' }).click();
    await page.getByRole('button', { name: 'View invocation data' }).click();
    const panel = page.getByRole('dialog', { name: 'Attempt 1 of Okta grants' });
    expect(JSON.parse((await panel.locator('[data-part="request-body"]').textContent()) ?? '').fields['requestor email']).toBe('noa.katz@example.com');
    await page.keyboard.press('Escape');
    await rows.first().getByRole('button', { name: /^Replay delivery dlv_/ }).click();
    await eventually(() => rows.first().getByRole('button', { name: '▾ 2 attempts' }).count()).toBe(1);
    await eventually(() => page.getByRole('table', { name: /^Attempts of delivery / }).locator('tbody td:nth-child(4)').allTextContents()).toEqual(['Delivered', 'Delivered']);
    await screenshot(page, 'connector-deliveries');

    await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).click();
    const row = page.locator(`tr[data-webhook-id="${webhook.id}"]`);
    await eventually(() => row.locator('td').nth(4).textContent()).toMatch(/^Delivered(RequestCreated|RequestGranted) · /);
    expect(await row.locator('.dot').getAttribute('class')).toBe('dot dot-on');
    await screenshot(page, 'connector-webhooks');
    await row.getByRole('switch', { name: 'Active: Okta grants' }).focus();
    await page.keyboard.press('Space');
    await eventually(() => row.locator('.dot').getAttribute('class')).toBe('dot dot-off');
    expect(((await (await stack.api(`/api/webhooks/${webhook.id}`)).json()) as WebhookJson).active).toBe(false);
    const test = await stack.api(`/api/webhooks/${webhook.id}/test`, { method: 'POST' });
    expect(((await test.json()) as InvocationRecord).verdict).toBe('successful');

    await page.goto(`${stack.mock.url}/#/executions`);
    const executions = page.getByRole('table', { name: 'Executions, newest first' }).locator('tbody > tr');
    await eventually(() => executions.count()).toBe(4);
    await executions.last().getByRole('button', { name: 'Input and output' }).click();
    const detail = page.locator('tr.detail-row');
    expect(JSON.parse((await detail.locator('[data-part="input-body"]').textContent()) ?? '')).toEqual({
      fields: { 'event type': 'RequestGranted', 'requestor email': 'noa.katz@example.com', 'integration name': 'prod db' },
    });
    expect(await detail.locator('[data-part="input-headers"]').textContent()).toContain('x-api-client-token: [REDACTED]');
  });

  it("tests with a trigger the webhook has: the test event follows the triggers checked, and a trigger chosen outside them is called out", async () => {
    await page.goto(`${stack.connectorUrl}/#/webhooks/new`);
    await page.getByLabel('Name', { exact: true }).fill('Okta rejections');
    await page.getByLabel('URL', { exact: true }).fill(stack.mock.invokeUrl(FLOW_ALIAS));
    await page.getByLabel('Authentication').selectOption('clientTokenHeader');
    await page.getByLabel('Client token', { exact: true }).fill(CLIENT_TOKEN);
    const testTrigger = page.getByLabel('Trigger of the test event');
    const note = page.locator('.test-trigger-note');
    await page.getByRole('checkbox', { name: 'RequestRejected' }).check();
    expect(await testTrigger.inputValue()).toBe('RequestRejected');
    expect(await note.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await eventually(() => page.locator('.test-result').textContent()).toBe('Test successful');
    const [execution] = await stack.mock.executions({ alias: FLOW_ALIAS });
    expect(execution?.body).toMatchObject({ event_type: 'RequestRejected' });

    await testTrigger.selectOption('RequestCreated');
    expect(await note.textContent()).toBe("RequestCreated is not one of this webhook's triggers: Test sends the flow an event that the webhook never would.");
    await page.getByRole('checkbox', { name: 'RequestCreated' }).check();
    expect(await note.isVisible()).toBe(false);
    expect(await testTrigger.inputValue()).toBe('RequestCreated');
    await page.getByRole('checkbox', { name: 'RequestCreated' }).uncheck();
    expect(await testTrigger.inputValue()).toBe('RequestRejected');
    await page.getByRole('checkbox', { name: 'RequestRejected' }).uncheck();
    expect(await note.textContent()).toBe('No trigger is checked, so this webhook sends nothing; Test sends a RequestRejected event all the same.');
    await screenshot(page, 'connector-test-trigger', { fullPage: false });
  });

  /** A webhook to a flow that always answers 503, with one retry a minute after the first attempt, and one event sent to it. */
  async function busyDelivery(): Promise<void> {
    await stack.mock.flow('busy', { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 503, body: 'flow busy' }] });
    const created = await stack.api('/api/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Busy flow', url: stack.mock.invokeUrl('busy'), triggers: ['RequestGranted'], retry_schedule_sec: [60] }),
    });
    expect(created.status).toBe(201);
    const sample = ((await (await stack.api('/api/samples')).json()) as Record<string, unknown>).RequestGranted;
    await stack.api('/api/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sample) });
    await eventually(async () => ((await (await stack.api('/api/deliveries')).json()) as DeliveryListJson).deliveries[0]?.attemptCount).toBe(1);
  }

  it('opens and closes a delivery with a click anywhere on its row, not only on its attempts button', async () => {
    await busyDelivery();
    await page.goto(`${stack.connectorUrl}/#/deliveries`);
    const rows = page.getByRole('table', { name: 'Deliveries' }).locator('tbody > tr');
    await eventually(() => rows.count()).toBe(1);
    const attempts = page.getByRole('table', { name: /^Attempts of delivery / });
    await rows.first().getByRole('cell', { name: 'Busy flow' }).click();
    await eventually(() => attempts.count()).toBe(1);
    expect(await rows.first().getByRole('button', { name: '▾ 1 attempt' }).getAttribute('aria-expanded')).toBe('true');
    await rows.first().getByRole('cell', { name: 'RequestGranted' }).click();
    await eventually(() => attempts.count()).toBe(0);
    expect(await rows.first().getByRole('button', { name: '▸ 1 attempt' }).getAttribute('aria-expanded')).toBe('false');
  });

  it('words a retry as which attempt failed and which comes next, replays included', async () => {
    await busyDelivery();
    await page.goto(`${stack.connectorUrl}/#/deliveries`);
    const rows = page.getByRole('table', { name: 'Deliveries' }).locator('tbody > tr');
    await eventually(() => rows.count()).toBe(1);
    expect(await rows.first().locator('td').nth(5).textContent()).toMatch(/^attempt 1 of 2 failed \(HTTP 503\); next attempt \(2 of 2\) at .*\d\d:\d\d:\d\d$/);
    await rows.first().getByRole('button', { name: '▸ 1 attempt' }).click();
    const reasons = () => page.getByRole('table', { name: /^Attempts of delivery / }).locator('tbody td:nth-child(6)').allTextContents();
    await eventually(reasons).toEqual([expect.stringMatching(/^attempt 1 of 2 failed \(HTTP 503\); next attempt \(2 of 2\) in [\d.]+ (s|min)$/)]);

    await rows.first().getByRole('button', { name: /^Replay delivery / }).click();
    await eventually(() => reasons().then((texts) => texts.length)).toBe(2);
    expect((await reasons())[1]).toMatch(/^since the replay, attempt 1 of 2 failed \(HTTP 503\); next attempt \(2 of 2\) in [\d.]+ (s|min)$/);
    await eventually(() => rows.first().locator('td').nth(5).textContent()).toMatch(/^since the replay, attempt 1 of 2 failed \(HTTP 503\); next attempt \(2 of 2\) at .*\d\d:\d\d:\d\d$/);
    await screenshot(page, 'connector-delivery-retries');

    // A wait the flow asked for keeps its words; reasons worded otherwise pass through.
    await page.evaluate("import('/ui/retries.js').then((retries) => { window.retries = retries; })");
    const reworded = await page.evaluate(() => {
      const { retries } = window as unknown as { retries: { readableReason(reason: string, attempt: { number: number }): { text: string } } };
      return [
        retries.readableReason('HTTP 429; next attempt 3 of 8 in 30 s, as Retry-After asks', { number: 2 }).text,
        retries.readableReason('timeout; gave up after 8 attempts', { number: 8 }).text,
      ];
    });
    expect(reworded).toEqual(['attempt 2 of 8 failed (HTTP 429); next attempt (3 of 8) in 30 s, as Retry-After asks', 'timeout; gave up after 8 attempts']);
  });

  it("says which retry schedule a webhook has, and when it is the webhook's own that it is not the default", async () => {
    const webhook = await createWebhook('Okta grants');
    const created = await stack.api('/api/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Quick retries', url: stack.mock.invokeUrl(FLOW_ALIAS), triggers: ['RequestGranted'], retry_schedule_sec: [60] }),
    });
    const quick = (await created.json()) as WebhookJson;
    const retries = page.locator('[data-part="retries"] .retry-schedule');
    await page.goto(`${stack.connectorUrl}/#/webhooks/${quick.id}`);
    await eventually(() => retries.textContent()).toBe(
      "This webhook's own schedule (retry_schedule_sec): at once, then retried after 1 min: 2 attempts in all. Not flowhook's default, which is at once, then retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: 8 attempts in all.",
    );
    await page.goto(`${stack.connectorUrl}/#/webhooks/${webhook.id}`);
    await eventually(() => retries.textContent()).toBe("flowhook's default schedule: at once, then retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: 8 attempts in all.");

    // The UI's copy of the default is the engine's.
    await page.evaluate("import('/ui/retries.js').then((retries) => { window.retries = retries; })");
    const shown = await page.evaluate(() => (window as unknown as { retries: { DEFAULT_RETRY_SCHEDULE_SEC: number[] } }).retries.DEFAULT_RETRY_SCHEDULE_SEC);
    expect(shown).toEqual([...DEFAULT_RETRY_SCHEDULE_SEC]);
  });

  it("maps each authentication mode to Apono's config fields and sends stored secrets back as [REDACTED]", async () => {
    await page.goto(stack.connectorUrl);
    // A string, because vitest rewrites import() in the functions it would otherwise serialise.
    await page.evaluate("import('/ui/webhook-form-model.js').then((model) => { window.formModel = model; })");
    const results = await page.evaluate(() => {
      type Values = Record<string, unknown>;
      const { formModel: model } = window as unknown as {
        formModel: { emptyValues(): Values; valuesOf(webhook: Values): Values; configOf(values: Values, stored?: Values): Values };
      };
      const base = { ...model.emptyValues(), name: 'Okta', url: 'https://acme.workflows.okta.com/api/flo/abc/invoke', triggers: ['RequestCreated'] };
      const privateKey = model.configOf({
        ...base,
        authMode: 'oauthKey',
        oauthClientId: '0oa1b2c3',
        oauthPrivateKey: '-----BEGIN PRIVATE KEY-----',
        oauthKeyId: 'key-1',
        oauthScopes: ' okta.workflows.invoke.manage ',
      });
      const storedBearer = {
        id: 'wh_1',
        created_at: '2026-11-28T12:00:00.000Z',
        updated_at: '2026-11-28T12:00:00.000Z',
        name: 'Okta',
        url: 'https://acme.workflows.okta.com/api/flo/abc/invoke',
        triggers: ['RequestGranted'],
        headers: { 'X-Team': 'iam' },
        authentication_config: { bearer: { token: '[REDACTED]' } },
        retry_schedule_sec: [1, 2],
      };
      const bearerValues = model.valuesOf(storedBearer);
      const storedHeaderToken = { ...storedBearer, headers: { 'x-api-client-token': '[REDACTED]' }, authentication_config: null };
      const headerValues = model.valuesOf(storedHeaderToken);
      return {
        privateKey,
        bearerMode: bearerValues.authMode,
        bearerBack: model.configOf(bearerValues, storedBearer),
        headerMode: headerValues.authMode,
        headerRows: headerValues.headers,
        headerBack: model.configOf(headerValues, storedHeaderToken).headers,
        headerDropped: model.configOf({ ...headerValues, authMode: 'none' }, storedHeaderToken).headers,
        urlMode: model.valuesOf({ ...storedBearer, url: 'https://acme.workflows.okta.com/api/flo/abc/invoke?clientToken=[REDACTED]', authentication_config: null }).authMode,
      };
    });

    expect(results).toEqual({
      privateKey: {
        name: 'Okta',
        active: true,
        method: 'POST',
        url: 'https://acme.workflows.okta.com/api/flo/abc/invoke',
        headers: {},
        triggers: ['RequestCreated'],
        filters: {},
        response_validators: [],
        authentication_config: { oauth: { client_id: '0oa1b2c3', private_key: '-----BEGIN PRIVATE KEY-----', key_id: 'key-1', scopes: ['okta.workflows.invoke.manage'] } },
      },
      bearerMode: 'bearer',
      bearerBack: {
        name: 'Okta',
        active: true,
        method: 'POST',
        url: 'https://acme.workflows.okta.com/api/flo/abc/invoke',
        headers: { 'X-Team': 'iam' },
        triggers: ['RequestGranted'],
        filters: {},
        response_validators: [],
        authentication_config: { bearer: { token: '[REDACTED]' } },
        retry_schedule_sec: [1, 2],
      },
      headerMode: 'clientTokenHeader',
      headerRows: [],
      headerBack: { 'x-api-client-token': '[REDACTED]' },
      headerDropped: {},
      urlMode: 'clientTokenUrl',
    });
  });
});
