import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryListJson, WebhookJson } from '../../src/types.js';
import { expectNoAxeViolations } from './axe.js';
import { CLIENT_TOKEN, eventually, FLOW_ALIAS, launchChromium, logIn, openPage, startStack, type Stack } from './harness.js';

const FAILING_ALIAS = 'always-busy';

/**
 * axe-core on every view of both UIs, each with data on it: webhooks, a failing one among them, their
 * deliveries (one delivered, one failed after retries), the mock's flows of each security level and
 * their executions.
 */
describe('accessibility of both UIs (axe-core)', { timeout: 90_000 }, () => {
  let browser: Browser;
  let stack: Stack;
  let page: Page;
  let pageErrors: string[];
  let webhook: WebhookJson;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });
  beforeEach(async () => {
    stack = await startStack();
    await stack.mock.flow(FAILING_ALIAS, { security: 'public', rateLimitPerSecond: 0, responses: [{ status: 503, body: 'flow busy' }] });
    await stack.mock.flow('granted-oauth', { security: 'oauth2', allowedClients: ['0oaflowhook'], active: false, responses: [{ body: { ok: true } }] });
    webhook = await createWebhook({ name: 'Okta grants', url: stack.mock.invokeUrl(FLOW_ALIAS), headers: { 'x-api-client-token': CLIENT_TOKEN } });
    await createWebhook({ name: 'Busy flow', url: stack.mock.invokeUrl(FAILING_ALIAS), retry_schedule_sec: [0.05] });
    await stack.api('/api/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(await sample('RequestGranted')) });
    await eventually(async () => {
      const { deliveries } = (await (await stack.api('/api/deliveries')).json()) as DeliveryListJson;
      return deliveries.map((delivery) => delivery.status).sort();
    }).toEqual(['delivered', 'failed']);
    ({ page, pageErrors } = await openPage(browser));
    await logIn(page, stack);
  });
  afterEach(async () => {
    await page.context().close();
    await stack.close();
    expect(pageErrors).toEqual([]);
  });

  async function createWebhook(config: Record<string, unknown>): Promise<WebhookJson> {
    const response = await stack.api('/api/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ triggers: ['RequestGranted'], response_validators: [{ json_path: '$.data.ok', expected_values: ['true'] }], ...config }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as WebhookJson;
  }

  async function sample(trigger: string): Promise<unknown> {
    return ((await (await stack.api('/api/samples')).json()) as Record<string, unknown>)[trigger];
  }

  it('finds nothing on the connector: webhooks, the add and edit forms with a test result, the payload schema and invocation data, deliveries with a row open, sending an event, and the login dialog', async () => {
    await page.goto(`${stack.connectorUrl}/#/webhooks`);
    await eventually(() => page.locator('tbody tr .badge').count()).toBe(4);
    await expectNoAxeViolations(page, 'the webhooks table');

    await page.goto(`${stack.connectorUrl}/#/webhooks/new`);
    await page.getByRole('button', { name: "View event's payload schema" }).click();
    await eventually(() => page.getByRole('table', { name: 'Fields of the event' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Save Webhook' }).click();
    await eventually(() => page.locator('.field-error:not([hidden])').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page, 'Add Webhook with the payload schema open and problems marked');

    await page.goto(`${stack.connectorUrl}/#/webhooks/${webhook.id}`);
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await eventually(() => page.locator('.test-result').textContent()).toBe('Test successful');
    await expectNoAxeViolations(page, 'Edit Webhook after a successful test');
    await page.getByRole('button', { name: 'View Invocation Data' }).click();
    await eventually(() => page.getByRole('dialog', { name: 'Invocation data' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'the invocation data panel');
    await page.keyboard.press('Escape');

    await page.goto(`${stack.connectorUrl}/#/deliveries`);
    const rows = page.getByRole('table', { name: 'Deliveries' }).locator('tbody > tr');
    await eventually(() => rows.count()).toBe(2);
    for (const name of ['▸ 1 attempt', '▸ 2 attempts']) await rows.getByRole('button', { name }).click();
    await eventually(() => page.getByRole('table', { name: /^Attempts of delivery / }).count()).toBe(2);
    await expectNoAxeViolations(page, 'deliveries with both rows open');

    await page.goto(`${stack.connectorUrl}/#/send`);
    await eventually(async () => (await page.getByLabel('Event', { exact: true }).inputValue()).length).toBeGreaterThan(0);
    await page.getByLabel('Trigger', { exact: true }).selectOption('RequestGranted');
    await page.getByRole('button', { name: 'Send event' }).click();
    await eventually(() => page.locator('[data-event-id] tbody tr').count()).toBe(2);
    await expectNoAxeViolations(page, 'Send an event, with the deliveries of the event sent');

    await page.context().clearCookies();
    await page.goto(stack.connectorUrl);
    await eventually(() => page.getByRole('dialog', { name: 'Log in to flowhook' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'the login dialog');
  });

  it("finds nothing on the mock: flows of each security level, the add and change forms, and the execution history with an execution open", async () => {
    await page.goto(`${stack.mock.url}/#/flows`);
    await eventually(() => page.locator('tbody tr[data-alias]').count()).toBe(3);
    await expectNoAxeViolations(page, "the mock's flows");

    await page.goto(`${stack.mock.url}/#/flows/new`);
    await page.getByLabel('Alias').fill('orders flow');
    await page.getByRole('button', { name: 'Save flow' }).click();
    await eventually(() => page.locator('.field-error:not([hidden])').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page, 'Add flow with problems marked');

    await page.goto(`${stack.mock.url}/#/flows/${FLOW_ALIAS}`);
    await eventually(() => page.getByLabel('Client token').getAttribute('placeholder')).toBe('Saved; leave empty to keep it.');
    await expectNoAxeViolations(page, 'Change flow');

    await page.goto(`${stack.mock.url}/#/executions`);
    const rows = page.getByRole('table', { name: 'Executions, newest first' }).locator('tbody > tr');
    await eventually(() => rows.count()).toBe(3);
    await rows.first().getByRole('button', { name: 'Input and output' }).click();
    await eventually(() => page.locator('tr.detail-row').count()).toBe(1);
    await expectNoAxeViolations(page, 'the execution history with an execution open');
  });
});
