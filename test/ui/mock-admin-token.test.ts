import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/index.js';
import { eventually, FLOW_ALIAS, launchChromium, openPage, REBOUND_HOST } from './harness.js';

const ADMIN_TOKEN = 'ui-mock-admin-token-5b2e9d41';

describe('mock UI with an admin token', { timeout: 60_000 }, () => {
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
    mock = await startMockOkta({ adminToken: ADMIN_TOKEN, flows: [{ alias: FLOW_ALIAS, security: 'public' }] });
    ({ page, pageErrors } = await openPage(browser));
  });
  afterEach(async () => {
    await page.context().close();
    await mock.close();
    expect(pageErrors).toEqual([]);
  });

  it('asks for the admin token on the first 401, keeps it for the tab, and asks again when it is refused', async () => {
    await page.goto(mock.url);
    const dialog = page.getByRole('dialog', { name: 'Admin token' });
    await eventually(() => dialog.isVisible()).toBe(true);
    expect(await page.locator(`tr[data-alias="${FLOW_ALIAS}"]`).count()).toBe(0);

    await dialog.locator('input#admin-token').fill('not-the-admin-token-000');
    await dialog.getByRole('button', { name: 'Use token' }).click();
    await eventually(() => page.getByRole('dialog', { name: 'Admin token' }).textContent()).toContain('The mock did not accept that admin token.');

    await page.locator('input#admin-token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Use token' }).click();
    await eventually(() => page.locator(`tr[data-alias="${FLOW_ALIAS}"]`).count()).toBe(1);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([ADMIN_TOKEN]);
    expect(page.url()).not.toContain(ADMIN_TOKEN);

    await page.reload();
    await eventually(() => page.locator(`tr[data-alias="${FLOW_ALIAS}"]`).count()).toBe(1);
  });

  it('gives a page whose name was rebound to 127.0.0.1 nothing, not even the UI', async () => {
    const response = await page.goto(`http://${REBOUND_HOST}:${new URL(mock.url).port}/`);
    expect(response?.status()).toBe(421);
    expect(JSON.parse((await page.locator('body').textContent()) ?? '{}')).toMatchObject({ code: 'FLOWHOOK_HOST_REFUSED' });
  });
});
