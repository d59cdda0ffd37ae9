import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/index.js';
import { CLIENT_TOKEN, eventually, FLOW_ALIAS, launchChromium, openPage, screenshot } from './harness.js';

describe('mock Okta Workflows UI', { timeout: 60_000 }, () => {
  let browser: Browser;
  let mock: RunningMockOkta;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });
  beforeEach(async () => {
    mock = await startMockOkta({
      flows: [{ alias: FLOW_ALIAS, security: 'clientToken', clientToken: CLIENT_TOKEN, responses: [{ body: { ok: true } }, { status: 503, body: 'try later' }] }],
    });
    ({ page, pageErrors } = await openPage(browser));
  });
  afterEach(async () => {
    await page.context().close();
    await mock.close();
    expect(pageErrors).toEqual([]);
  });

  it('lists the flows with the URLs that invoke them and their responses, and adds a flow through the form', async () => {
    await page.goto(mock.url);
    const row = page.locator(`tr[data-alias="${FLOW_ALIAS}"]`);
    expect(await row.locator('td').allTextContents()).toEqual([
      FLOW_ALIAS,
      'Secure with client token',
      `${mock.invokeUrl(FLOW_ALIAS)} Copy${mock.url}/api/flo/{clientToken}{clientToken}: the flow's client token`,
      '200 {"ok":true}503 try later (repeats)',
      '10/s',
      'Change Delete',
    ]);
    expect(await row.getByRole('button', { name: `Copy the invoke URL of ${FLOW_ALIAS}` }).count()).toBe(1);
    expect(await page.locator('main').textContent()).not.toContain(CLIENT_TOKEN);
    // The form a client-token flow answers to besides /invoke, as shown.
    const byToken = await fetch(`${mock.url}/api/flo/${CLIENT_TOKEN}`, { method: 'POST' });
    expect(byToken.status).toBe(200);

    await page.getByRole('link', { name: 'Add flow' }).click();
    await page.getByLabel('Alias').fill('orders flow');
    await page.getByLabel('Security level').selectOption('public');
    await page.getByLabel('Responses').fill('[{ "status": 500, "body": "down" }]');
    await page.getByRole('button', { name: 'Save flow' }).click();
    await eventually(() => page.locator('[data-problem-path="$.alias"] .field-error').textContent()).toBe(
      'Alias must be 1 to 128 letters, digits or "-._~" (the alias in the path)',
    );
    await screenshot(page, 'mock-flow-form');

    await page.getByLabel('Alias').fill('orders');
    await page.getByRole('button', { name: 'Save flow' }).click();
    await eventually(() => page.getByRole('status').first().textContent()).toBe(`Flow "orders" saved: ${mock.invokeUrl('orders')}`);
    expect(await mock.getFlow('orders')).toMatchObject({ security: 'public', active: true, responses: [{ status: 500, body: 'down' }] });
    expect(await page.locator('tr[data-alias="orders"] td').nth(3).textContent()).toBe('500 down');
    expect(await page.locator('tr[data-alias="orders"] td').nth(2).textContent()).toBe(`${mock.invokeUrl('orders')} Copy`);
    await screenshot(page, 'mock-flows');
  });

  it("changes a client-token flow through the form without retyping its token, which the flow keeps", async () => {
    await page.goto(mock.url);
    await page.getByRole('link', { name: `Change ${FLOW_ALIAS}` }).click();
    const token = page.getByLabel('Client token');
    await eventually(() => token.getAttribute('placeholder')).toBe('Saved; leave empty to keep it.');
    expect(await token.inputValue()).toBe('');
    expect(await page.locator('[data-problem-path="$.clientToken"]').textContent()).toContain("leave this empty to keep the flow's token, or enter a new one.");
    await page.getByLabel('Responses').fill('[{ "body": { "changed": true } }]');
    await page.getByRole('button', { name: 'Save flow' }).click();
    await eventually(() => page.getByRole('status').first().textContent()).toBe(`Flow "${FLOW_ALIAS}" saved: ${mock.invokeUrl(FLOW_ALIAS)}`);

    const invoked = await fetch(mock.invokeUrl(FLOW_ALIAS), { method: 'POST', headers: { 'x-api-client-token': CLIENT_TOKEN } });
    expect(invoked.status).toBe(200);
    expect(await invoked.json()).toEqual({ changed: true });
    expect(await page.locator('main').textContent()).not.toContain(CLIENT_TOKEN);
  });

  it('shows each execution newest first, with who called and its input and output (a click on its row opens them), as it happens', async () => {
    await page.goto(`${mock.url}/#/executions`);
    const rows = page.getByRole('table', { name: 'Executions, newest first' }).locator('tbody > tr');
    await eventually(() => page.getByText('No executions yet.').isVisible()).toBe(true);

    const invoke = (token: string) =>
      fetch(`${mock.invokeUrl(FLOW_ALIAS)}?source=ui-test`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-client-token': token },
        body: JSON.stringify({ requester: 'dana.levi@example.com' }),
      });
    expect((await invoke(CLIENT_TOKEN)).status).toBe(200);
    await eventually(() => rows.count()).toBe(1);
    expect((await invoke('wrong-token')).status).toBe(401);
    await eventually(() => rows.count()).toBe(2);

    const cells = async (index: number) => (await rows.nth(index).locator('td').allTextContents()).map((text) => text.replace(/\d+ ms$/, '<ms>'));
    expect(await cells(0)).toEqual([
      'Refused 401',
      expect.stringMatching(/^\d\d:\d\d:\d\d$/),
      '<ms>',
      FLOW_ALIAS,
      'Client token in the x-api-client-token header (refused)',
      `POST /api/flo/${FLOW_ALIAS}/invoke`,
      'Input and output',
    ]);
    expect((await cells(1)).slice(0, 1).concat((await cells(1)).slice(3, 5))).toEqual(['Success 200', FLOW_ALIAS, 'Client token in the x-api-client-token header']);

    await rows.nth(1).getByRole('cell', { name: 'Success 200' }).click();
    const detail = page.locator('tr.detail-row');
    await eventually(() => detail.count()).toBe(1);
    expect(await rows.nth(1).getByRole('button', { name: 'Hide input and output' }).getAttribute('aria-expanded')).toBe('true');
    expect(JSON.parse((await detail.locator('[data-part="input-body"]').textContent()) ?? '')).toEqual({ requester: 'dana.levi@example.com' });
    expect(await detail.locator('[data-part="input-query"]').textContent()).toBe('source: ui-test');
    expect(await detail.locator('[data-part="input-headers"]').textContent()).toContain('x-api-client-token: [REDACTED]');
    expect(await detail.locator('[data-part="output-status"]').textContent()).toBe('HTTP 200');
    expect(JSON.parse((await detail.locator('[data-part="output-body"]').textContent()) ?? '')).toEqual({ ok: true });
    expect(await page.locator('main').textContent()).not.toContain(CLIENT_TOKEN);
    await screenshot(page, 'mock-executions');
  });
});
