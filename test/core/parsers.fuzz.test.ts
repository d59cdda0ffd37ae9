import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintWebhook } from '../../src/cli/lint-command.js';
import { parseEvent } from '../../src/core/event.js';
import { sampleEvent } from '../../src/core/samples.js';
import { TRIGGERS } from '../../src/core/triggers.js';
import { parseWebhookConfig } from '../../src/core/webhook-config.js';
import { compileWebhook } from '../../src/deliver.js';
import { FlowhookError, type FlowhookErrorCode } from '../../src/errors.js';

const OKTA = JSON.parse(readFileSync(new URL('../fixtures/okta-webhook.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** Every path into a JSON document, the root's children first. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** A copy of `base` with the value at one of its paths replaced by `replacement`, or removed. */
function mutated(base: unknown, pick: number, replacement: unknown, remove: boolean): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  const paths = pathsOf(copy);
  const path = paths[pick % paths.length] ?? [];
  let holder = copy;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
  const last = path.at(-1) ?? '';
  if (remove && !Array.isArray(holder)) delete holder[last];
  else holder[last] = replacement;
  return copy;
}

/** JSON values with the odd strings that reach parsers: URLs, addresses, references, templates. */
const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    'https://[::127.0.0.1]/x', 'http://169.254.169.254/', 'https://198.18.0.1/', 'https://[64:ff9b::7f00:1]/', 'https://acme.workflows.okta.com/api/flo/x',
    'https://acme.workflows.okta.com/api/flo/a/invoke?clientToken=t&api_key=k', '{{{data.justification}}}', '{{#each}}', '{{helperMissing}}',
    '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----', '', ' ', '\u0000', 'a\r\nb', '$.data.', '$.data.status',
  ),
  fc.constantFrom({ $env: 'X' }, { $file: '/dev/zero' }, { kty: 'EC', crv: 'P-256', d: 'x' }, { oauth: { client_id: 'c' } }, { bearer: { token: 't' } }),
  fc.string({ unit: 'binary', maxLength: 50 }),
);

function expectOnly(codes: readonly FlowhookErrorCode[], run: () => unknown): void {
  try {
    run();
  } catch (err) {
    if (!(err instanceof FlowhookError)) throw err;
    expect(codes).toContain(err.code);
  }
}

const CONFIG_CODES: readonly FlowhookErrorCode[] = ['FLOWHOOK_CONFIG_INVALID', 'FLOWHOOK_URL_REFUSED', 'FLOWHOOK_TEMPLATE_INVALID'];
const localTargets = fc.constantFrom({}, { allowLocal: true }, { allowNet: ['127.0.0.0/8'] });

describe('webhook configs from random JSON', () => {
  it('parseWebhookConfig and compileWebhook throw only FlowhookErrors for any JSON value (2,000 runs)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), localTargets, (value, targets) => {
        expectOnly(CONFIG_CODES, () => compileWebhook(parseWebhookConfig(value, targets), targets));
      }),
      { numRuns: 2000 },
    );
  });

  it('parseWebhookConfig and compileWebhook throw only FlowhookErrors for the Okta example with one field changed (3,000 runs)', () => {
    fc.assert(
      fc.property(fc.nat(), oddValue, fc.boolean(), localTargets, (pick, replacement, remove, targets) => {
        expectOnly(CONFIG_CODES, () => compileWebhook(parseWebhookConfig(mutated(OKTA, pick, replacement, remove), targets), targets));
      }),
      { numRuns: 3000 },
    );
  });

  it('lintWebhook reports and never throws, for any JSON value or changed example (2,000 runs)', () => {
    const value = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.tuple(fc.nat(), oddValue, fc.boolean()).map(([pick, replacement, remove]) => mutated(OKTA, pick, replacement, remove)));
    fc.assert(
      fc.property(value, localTargets, (config, targets) => {
        const report = lintWebhook(config, targets);
        for (const problem of report.problems) expect(problem.path).toMatch(/^\$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('events from random JSON', () => {
  it('parseEvent throws only FLOWHOOK_EVENT_INVALID for any JSON value (2,000 runs)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        expectOnly(['FLOWHOOK_EVENT_INVALID'], () => parseEvent(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('parseEvent throws only FLOWHOOK_EVENT_INVALID for a sample event with one field changed, and returns a valid event otherwise (3,000 runs)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TRIGGERS), fc.nat(), oddValue, fc.boolean(), (trigger, pick, replacement, remove) => {
        expectOnly(['FLOWHOOK_EVENT_INVALID'], () => {
          const event = parseEvent(mutated(sampleEvent(trigger), pick, replacement, remove));
          expect(TRIGGERS).toContain(event.event_type);
        });
      }),
      { numRuns: 3000 },
    );
  });
});
