/**
 * axe-core in the browser tests: every view of both UIs, with data on it, must have no violation of
 * the rules axe runs by default (WCAG 2.x A and AA, and axe's best practices).
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Where the page loads axe from: its own origin, so the UI's content security policy stays as it is served. */
const AXE_PATH = '/__axe/axe.min.js';

/**
 * The UIs' policy refuses inline scripts, so axe is not given to the page as script text (addScriptTag's
 * `path`) but served to it from its own origin by the browser, which the policy allows.
 */
async function injectAxe(page: Page): Promise<void> {
  const url = new URL(AXE_PATH, page.url()).href;
  await page.route(url, (route) => route.fulfill({ path: AXE_SCRIPT, contentType: 'text/javascript' }));
  await page.addScriptTag({ url });
}

/** What the tests report of a violation: the rule, how bad, and where. */
export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page as it is now and returns its violations, each with the nodes it found. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await injectAxe(page);
  return page.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } };
    interface AxeViolation {
      id: string;
      impact?: string | null;
      help: string;
      nodes: { target: unknown[] }[];
    }
    const { violations } = await axe.run(document);
    return violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
  });
}

/** Asserts that axe finds nothing on the page (softly: the test goes on to the next view); a failure lists each violation's id, impact and node targets. */
export async function expectNoAxeViolations(page: Page, view: string): Promise<void> {
  const violations = await axeViolations(page);
  const report = violations.map(({ id, impact, help, targets }) => `${id} (${impact ?? 'no impact'}): ${help}\n    ${targets.join('\n    ')}`).join('\n');
  expect.soft(violations, `axe found on ${view}:\n${report}`).toEqual([]);
}
