import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/index.js';
import { eventually, launchChromium, openPage } from './harness.js';

describe('mock Okta Workflows UI: contract problems in the execution history', { timeout: 60_000 }, () => {
  let browser: Browser;
  let mock: RunningMockOkta;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await launchChromium();
    mock = await startMockOkta({
      flows: [{ alias: 'grants', security: 'public', contract: { body: { type: 'object', properties: { email: { type: 'string', minLength: 1 } } } } }],
    });
    ({ page, pageErrors } = await openPage(browser));
  });
  afterAll(async () => {
    await page.context().close();
    await mock.close();
    await browser.close();
    expect(pageErrors).toEqual([]);
  });

  it("shows each problem at its path in an execution's details", async () => {
    await fetch(mock.invokeUrl('grants'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email": ""}' });
    await page.goto(`${mock.url}/#/executions`);
    await page.getByRole('button', { name: 'Input and output' }).click();
    await eventually(() => page.getByRole('region', { name: 'Contract problems' }).locator('li').allTextContents()).toEqual([
      '$.email must NOT have fewer than 1 characters',
    ]);
  });
});
