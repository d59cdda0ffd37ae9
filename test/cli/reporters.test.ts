import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRecord } from '../../src/cli/format-record.js';
import { deliveredResult, reporter, skippedResult, totalsOf, type Report, type RunInfo, type TriggerResult } from '../../src/cli/reporters.js';
import { xmlChars } from '../../src/cli/xml-text.js';
import { secretRedactor } from '../../src/core/redact.js';
import { TRIGGERS } from '../../src/core/triggers.js';
import type { InvocationRecord } from '../../src/types.js';
import { junitSchemaErrors, readJunit } from './junit-report.js';

const URL_REDACTED = 'https://acme.workflows.okta.com/api/flo/0f1e/invoke?clientToken=[REDACTED]';
const TEST_LABELS = { successful: 'Test successful', failed: 'Test failed' } as const;

const answered: InvocationRecord = {
  deliveryId: 'test_1',
  webhook: 'okta',
  trigger: 'RequestCreated',
  request: { method: 'POST', url: URL_REDACTED, headers: { 'content-type': 'application/json', 'webhook-id': 'test_1' }, body: '{"id": "AR-4821"}' },
  response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}', bodyTruncated: false },
  timings: { startedAt: '2026-11-28T12:00:00.000Z', headersMs: 80.4, totalMs: 84.4 },
  validators: [{ jsonPath: '$.data.status', expectedValues: ['ok'], actual: 'ok', passed: true }],
  auth: { kind: 'client_token', clientTokenIn: 'query' },
  verdict: 'successful',
};

const busy: InvocationRecord = {
  ...answered,
  deliveryId: 'test_2',
  trigger: 'RequestGranted',
  response: { status: 200, headers: {}, body: '{"status":"busy"}', bodyTruncated: false },
  timings: { startedAt: '2026-11-28T12:00:01.000Z', totalMs: 12.3 },
  validators: [{ jsonPath: '$.data.status', expectedValues: ['ok'], actual: 'busy', passed: false, reason: "expected one of [ok], got 'busy'" }],
  verdict: 'failed',
  reason: "validator $.data.status expected one of [ok], got 'busy'",
};

const unrendered: InvocationRecord = {
  ...answered,
  deliveryId: 'test_3',
  trigger: 'RequestFailed',
  response: undefined,
  error: { kind: 'template', message: 'the body template renders invalid JSON' },
  timings: { startedAt: '2026-11-28T12:00:02.000Z', totalMs: 0.6 },
  validators: [],
  verdict: 'failed',
  reason: 'the body template renders invalid JSON at template line 1 ("{\\"revoked\\": {{data.revocation_date}} }")',
};

const TEST_RUN: RunInfo = { command: 'test', webhook: 'okta', target: 'Okta Workflows invoke URL of org "acme", flow alias "0f1e": the client token is in the clientToken query parameter.' };
const SEND_RUN: RunInfo = { ...TEST_RUN, command: 'send' };
const NOT_SELECTED = 'trigger "RequestApproved" is not among the webhook\'s triggers: [RequestCreated]';

const testReport: Report = {
  ...TEST_RUN,
  results: [deliveredResult(answered), deliveredResult(busy), deliveredResult(unrendered), skippedResult('RequestApproved', NOT_SELECTED)],
};

/** Everything a reporter writes for a run: begin, each result, end. */
function written(name: Parameters<typeof reporter>[0], report: Report, options: Parameters<typeof reporter>[1] = {}): string {
  const chosen = reporter(name, options);
  const texts = [chosen.begin(report), ...report.results.map((result) => chosen.result(result, report)), chosen.end(report)];
  return texts.filter((text) => text !== undefined).join('\n');
}

describe('deliveredResult and skippedResult', () => {
  it('says whether the request left flowhook, and why a delivery failed', () => {
    expect(testReport.results.map(({ trigger, verdict, sent, reason }) => ({ trigger, verdict, sent, reason }))).toEqual([
      { trigger: 'RequestCreated', verdict: 'successful', sent: true, reason: undefined },
      { trigger: 'RequestGranted', verdict: 'failed', sent: true, reason: busy.reason },
      { trigger: 'RequestFailed', verdict: 'failed', sent: false, reason: unrendered.reason },
      { trigger: 'RequestApproved', verdict: 'skipped', sent: false, reason: NOT_SELECTED },
    ]);
    expect(deliveredResult(answered, 'webhook is inactive')).toMatchObject({ verdict: 'successful', sendWouldSkip: 'webhook is inactive', record: answered });
  });

  it('totals the verdicts and the deliveries\' times', () => {
    expect(totalsOf(testReport.results)).toEqual({ tests: 4, successful: 1, failed: 2, skipped: 1, timeMs: 97.3 });
  });
});

describe('the pretty reporter', () => {
  it('prints the target, then each test with its invocation data, then how many were successful', () => {
    const lines = [
      `target: ${TEST_RUN.target}`,
      '',
      ...formatRecord(answered, { labels: TEST_LABELS, invocationData: true }),
      '',
      ...formatRecord(busy, { labels: TEST_LABELS, invocationData: true }),
      '',
      ...formatRecord(unrendered, { labels: TEST_LABELS, invocationData: true }),
      '',
      '1 of 4 tests successful',
    ];
    expect(written('pretty', testReport)).toBe(lines.join('\n'));
  });

  it('notes when send would skip a tested event', () => {
    expect(reporter('pretty').result(deliveredResult(answered, 'webhook is inactive'), TEST_RUN)?.split('\n').at(-1)).toBe(
      '  note: flowhook send would not send this event: webhook is inactive',
    );
  });

  it('prints a send\'s verdict, with the invocation data only when verbose, and nothing for a skip', () => {
    const labels = { successful: 'Delivered', failed: 'Delivery failed' } as const;
    expect(reporter('pretty').result(deliveredResult(busy), SEND_RUN)).toBe(formatRecord(busy, { labels, invocationData: false }).join('\n'));
    expect(reporter('pretty', { verbose: true }).result(deliveredResult(busy), SEND_RUN)).toBe(formatRecord(busy, { labels, invocationData: true }).join('\n'));
    expect(reporter('pretty').result(skippedResult('RequestApproved', NOT_SELECTED), SEND_RUN)).toBeUndefined();
    expect(reporter('pretty').end({ ...SEND_RUN, results: [deliveredResult(busy)] })).toBeUndefined();
  });
});

describe('the summary reporter', () => {
  it('prints one line per trigger and a total line', () => {
    expect(written('summary', testReport).split('\n')).toEqual([
      'successful  RequestCreated   200 OK in 84 ms · validators 1/1 passed',
      "failed      RequestGranted   200 OK in 12 ms · validators 0/1 passed: validator $.data.status expected one of [ok], got 'busy'",
      `failed      RequestFailed    not sent (template) after 1 ms: ${unrendered.reason}`,
      `skipped     RequestApproved  not sent: ${NOT_SELECTED}`,
      'test "okta": 1 successful, 2 failed, 1 skipped of 4 triggers in 97 ms',
    ]);
  });

  it('says when send would skip a tested event', () => {
    expect(reporter('summary').result(deliveredResult(answered, 'webhook is inactive'), TEST_RUN)).toBe(
      'successful  RequestCreated   200 OK in 84 ms · validators 1/1 passed (send would skip it: webhook is inactive)',
    );
  });
});

describe('the json reporter', () => {
  it('writes a test run as one document: webhook, target, results with their records, total', () => {
    const document = JSON.parse(written('json', testReport)) as unknown;
    expect(document).toEqual({
      webhook: 'okta',
      target: TEST_RUN.target,
      results: [
        { trigger: 'RequestCreated', verdict: 'successful', sent: true, record: answered },
        { trigger: 'RequestGranted', verdict: 'failed', sent: true, reason: busy.reason, record: busy },
        { trigger: 'RequestFailed', verdict: 'failed', sent: false, reason: unrendered.reason, record: unrendered },
        { trigger: 'RequestApproved', verdict: 'skipped', sent: false, reason: NOT_SELECTED },
      ],
      total: { tests: 4, successful: 1, failed: 2, skipped: 1, timeMs: 97.3 },
    });
  });

  it('writes a send as its invocation record with "sent" in front, and a skip as { sent: false, … }', () => {
    expect(JSON.parse(written('json', { ...SEND_RUN, results: [deliveredResult(busy)] })) as unknown).toEqual({ sent: true, ...busy });
    expect(JSON.parse(written('json', { ...SEND_RUN, results: [skippedResult('RequestApproved', NOT_SELECTED)] })) as unknown).toEqual({
      sent: false,
      verdict: 'skipped',
      webhook: 'okta',
      trigger: 'RequestApproved',
      reason: NOT_SELECTED,
    });
  });
});

describe('the junit reporter', () => {
  it('writes JUnit XML that the schema accepts and a CI system reads as one case per trigger', async () => {
    const xml = written('junit', testReport);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="flowhook test"')).toBe(true);
    expect(await junitSchemaErrors([xml])).toEqual([]);

    const report = readJunit(xml);
    const counts = { tests: 4, failures: 2, errors: 0, skipped: 1, time: 0.097 };
    expect(report).toMatchObject({ name: 'flowhook test', ...counts });
    expect(report.suites).toHaveLength(1);
    const [suite] = report.suites;
    expect(suite).toMatchObject({ name: 'okta', ...counts, timestamp: answered.timings.startedAt, properties: { target: TEST_RUN.target } });
    expect(suite?.cases.map(({ classname, name, time }) => ({ classname, name, time }))).toEqual([
      { classname: 'okta', name: 'RequestCreated', time: 0.084 },
      { classname: 'okta', name: 'RequestGranted', time: 0.012 },
      { classname: 'okta', name: 'RequestFailed', time: 0.001 },
      { classname: 'okta', name: 'RequestApproved', time: 0 },
    ]);
    const [created, granted, failed, approved] = suite?.cases ?? [];
    expect(created?.failure).toBeUndefined();
    expect(created?.systemOut).toBe(formatRecord(answered, { labels: TEST_LABELS, invocationData: true }).join('\n'));
    expect(granted?.failure).toEqual({ message: busy.reason, type: 'validator', text: formatRecord(busy, { labels: TEST_LABELS, invocationData: false }).join('\n') });
    expect(granted?.systemOut).toBe(formatRecord(busy, { labels: TEST_LABELS, invocationData: true }).join('\n'));
    expect(failed?.failure).toMatchObject({ message: unrendered.reason, type: 'template' });
    expect(approved).toMatchObject({ skipped: { message: NOT_SELECTED, text: '' } });
    expect(approved?.systemOut).toBeUndefined();
  });

  it('types a failure by what failed: the error kind, a non-2xx status, or a validator', () => {
    const refused: InvocationRecord = { ...busy, response: { status: 401, headers: {}, body: '', bodyTruncated: false }, reason: '401 from the flow' };
    const types = [busy, refused, unrendered].map((record) => readJunit(written('junit', { ...SEND_RUN, results: [deliveredResult(record)] })).suites[0]?.cases[0]?.failure?.type);
    expect(types).toEqual(['validator', 'status', 'template']);
  });
});

describe('every reporter on random records', () => {
  const SECRET = 'tok"en&<]]>-SECRET-4e1f';
  const redact = secretRedactor([SECRET]);
  /** Any text, sometimes holding the secret. */
  const text = fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([before, after]) => `${before}${SECRET}${after}`) },
    { weight: 1, arbitrary: fc.constantFrom(']]>', '\r\n', '"\'<&>', '\u0000\ud800', '') },
  );
  const records: fc.Arbitrary<InvocationRecord> = fc
    .record({
      trigger: fc.constantFrom(...TRIGGERS),
      body: text,
      header: text,
      status: fc.option(fc.integer({ min: 100, max: 599 }), { nil: undefined }),
      errorKind: fc.constantFrom('timeout', 'connection', 'refused_url', 'template', 'token', 'internal' as const),
      verdict: fc.constantFrom('successful', 'failed' as const),
      reason: text,
      totalMs: fc.double({ min: 0, max: 600_000, noNaN: true }),
    })
    .map(({ trigger, body, header, status, errorKind, verdict, reason, totalMs }) => ({
      ...answered,
      trigger,
      request: { ...answered.request, headers: { 'x-note': header }, body },
      response: status === undefined ? undefined : { status, headers: { 'x-note': header }, body, bodyTruncated: false },
      ...(status === undefined ? { error: { kind: errorKind, message: reason } } : {}),
      timings: { startedAt: '2026-11-28T12:00:00.000Z', totalMs },
      verdict,
      ...(verdict === 'failed' ? { reason } : {}),
    }));
  const results: fc.Arbitrary<TriggerResult> = fc.oneof(
    fc.tuple(records, fc.option(text, { nil: undefined })).map(([record, note]) => deliveredResult(record, note)),
    fc.tuple(fc.constantFrom(...TRIGGERS), text).map(([trigger, reason]) => skippedResult(trigger, reason)),
  );
  const reports: fc.Arbitrary<Report> = fc.record({
    command: fc.constantFrom('test', 'send' as const),
    webhook: text,
    target: text,
    results: fc.array(results, { minLength: 1, maxLength: 4 }),
  });

  it('junit: valid against the schema, read back with the counts, names, failure and skip messages given (300 runs)', async () => {
    const documents: string[] = [];
    fc.assert(
      fc.property(reports, (report) => {
        const xml = reporter('junit', { redact }).end(report) ?? '';
        const read = readJunit(xml);
        const totals = totalsOf(report.results);
        expect(read).toMatchObject({ tests: totals.tests, failures: totals.failed, errors: 0, skipped: totals.skipped });
        const cases = read.suites[0]?.cases ?? [];
        expect(cases.map((testcase) => testcase.name)).toEqual(report.results.map((result) => result.trigger));
        report.results.forEach((result, index) => {
          const testcase = cases[index];
          expect(testcase?.classname).toBe(xmlChars(redact(report.webhook)));
          if (result.verdict === 'failed') expect(testcase?.failure?.message).toBe(xmlChars(redact(result.reason ?? '')));
          if (result.verdict === 'skipped') expect(testcase?.skipped?.message).toBe(xmlChars(redact(result.reason ?? '')));
        });
        documents.push(xml);
      }),
      { numRuns: 300 },
    );
    expect(await junitSchemaErrors(documents)).toEqual([]);
  });

  it('no reporter writes the secret it was told about, in any form (300 runs)', () => {
    fc.assert(
      fc.property(reports, fc.boolean(), (report, verbose) => {
        for (const name of ['pretty', 'summary', 'json', 'junit'] as const) {
          const output = written(name, report, { redact, verbose });
          expect(output).not.toContain(SECRET);
          expect(output).not.toContain(JSON.stringify(SECRET).slice(1, -1));
          if (name === 'junit') expect(JSON.stringify(readJunit(output))).not.toContain(JSON.stringify(SECRET).slice(1, -1));
        }
      }),
      { numRuns: 300 },
    );
  });
});
