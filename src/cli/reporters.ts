/**
 * What `flowhook test` and `send` report, in four forms: `pretty` (a verdict and the invocation data
 * for people), `summary` (one line per trigger and a total line, for a CI log), `json` (one JSON
 * document) and `junit` (JUnit XML, read by every CI system). A reporter is pure: it turns results into
 * text as they come (`begin`, `result`, `end`), and the command decides where the text goes.
 * Records are redacted already; `redact` is applied once more to every text, in JUnit XML to each
 * value before it is escaped, so that no secret passes in an escaped form.
 */
import type { InvocationRecord, Trigger } from '../types.js';
import type { ReporterName } from './reporter-names.js';
import { formatRecord, recordOutcome, requestSent, type RecordFormat } from './format-record.js';
import { xmlAttribute, xmlCdata } from './xml-text.js';

/** What became of one trigger's event. */
export interface TriggerResult {
  trigger: Trigger;
  verdict: 'successful' | 'failed' | 'skipped';
  /** The request left flowhook: false when skipped, and when a delivery stopped before it (template, refused URL, OAuth token). */
  sent: boolean;
  /** Why it failed, or why the webhook does not send it (skipped). */
  reason?: string;
  /** `test` only: why `send` would skip this event (inactive, trigger not selected, filtered out); it was tested all the same. */
  sendWouldSkip?: string;
  /** The invocation record; absent when skipped. */
  record?: InvocationRecord;
}

export interface RunInfo {
  command: 'test' | 'send';
  /** The webhook's name. */
  webhook: string;
  /** Where the webhook sends, in words (describeTarget). */
  target: string;
}

export interface Report extends RunInfo {
  results: readonly TriggerResult[];
}

export interface Totals {
  tests: number;
  successful: number;
  failed: number;
  skipped: number;
  /** The sum of the deliveries' times. */
  timeMs: number;
}

export interface Reporter {
  /** Text when the run starts, once the webhook is loaded. */
  begin(run: RunInfo): string | undefined;
  /** Text for one trigger, as soon as it is done. */
  result(result: TriggerResult, run: RunInfo): string | undefined;
  /** Text for the whole run. */
  end(report: Report): string | undefined;
}

export interface ReporterOptions {
  /** pretty: show the invocation data of `send` too (`test` always shows it). */
  verbose?: boolean;
  /** Replaces every secret the run knows of in a text. */
  redact?: (text: string) => string;
}

const LABELS: Readonly<Record<RunInfo['command'], RecordFormat['labels']>> = {
  test: { successful: 'Test successful', failed: 'Test failed' },
  send: { successful: 'Delivered', failed: 'Delivery failed' },
};

export function deliveredResult(record: InvocationRecord, sendWouldSkip?: string): TriggerResult {
  return {
    trigger: record.trigger,
    verdict: record.verdict,
    sent: requestSent(record),
    ...(record.verdict === 'failed' && record.reason !== undefined ? { reason: record.reason } : {}),
    ...(sendWouldSkip === undefined ? {} : { sendWouldSkip }),
    record,
  };
}

export function skippedResult(trigger: Trigger, reason: string): TriggerResult {
  return { trigger, verdict: 'skipped', sent: false, reason };
}

export function totalsOf(results: readonly TriggerResult[]): Totals {
  const count = (verdict: TriggerResult['verdict']) => results.filter((result) => result.verdict === verdict).length;
  const timeMs = results.reduce((sum, result) => sum + (result.record?.timings.totalMs ?? 0), 0);
  return { tests: results.length, successful: count('successful'), failed: count('failed'), skipped: count('skipped'), timeMs: Math.round(timeMs * 1000) / 1000 };
}

export function reporter(name: ReporterName, options: ReporterOptions = {}): Reporter {
  const redact = options.redact ?? ((text: string) => text);
  const redacted = (text: string | undefined) => (text === undefined ? undefined : redact(text));
  switch (name) {
    case 'pretty':
      return {
        begin: (run) => redact(`target: ${run.target}`),
        result: (result, run) => redacted(prettyResult(result, run, options.verbose === true)),
        end: (report) => redacted(prettyEnd(report)),
      };
    case 'summary':
      return { begin: () => undefined, result: (result) => redact(summaryLine(result)), end: (report) => redact(summaryTotal(report)) };
    case 'json':
      return { begin: () => undefined, result: () => undefined, end: (report) => redact(JSON.stringify(jsonDocument(report), null, 2)) };
    case 'junit':
      return { begin: () => undefined, result: () => undefined, end: (report) => junitDocument(report, redact) };
  }
}

/** The verdict, outcome and reason of a delivery, with the invocation data (request, response, validators) when asked. */
function recordText(result: TriggerResult, command: RunInfo['command'], invocationData: boolean): string[] {
  if (result.record === undefined) return [];
  const lines = formatRecord(result.record, { labels: LABELS[command], invocationData });
  if (result.sendWouldSkip !== undefined) lines.push(`  note: flowhook send would not send this event: ${result.sendWouldSkip}`);
  return lines;
}

/** A skipped send prints nothing here: the command says why on standard error. */
function prettyResult(result: TriggerResult, run: RunInfo, verbose: boolean): string | undefined {
  if (result.record === undefined) return undefined;
  const lines = recordText(result, run.command, run.command === 'test' || verbose);
  return run.command === 'test' ? `\n${lines.join('\n')}` : lines.join('\n');
}

function prettyEnd(report: Report): string | undefined {
  if (report.command !== 'test' || report.results.length < 2) return undefined;
  const totals = totalsOf(report.results);
  return `\n${totals.successful} of ${totals.tests} tests successful`;
}

/** `failed      RequestGranted  200 OK in 8 ms · validators 0/1 passed: <reason>` */
function summaryLine(result: TriggerResult): string {
  const detail =
    result.record === undefined
      ? `not sent: ${result.reason ?? ''}`
      : `${recordOutcome(result.record)}${result.verdict === 'failed' && result.reason !== undefined ? `: ${result.reason}` : ''}`;
  const note = result.sendWouldSkip === undefined ? '' : ` (send would skip it: ${result.sendWouldSkip})`;
  return `${result.verdict.padEnd(10)}  ${result.trigger.padEnd(15)}  ${detail}${note}`;
}

/** `test "access requests": 2 successful, 1 failed, 0 skipped of 3 triggers in 45 ms` */
function summaryTotal(report: Report): string {
  const totals = totalsOf(report.results);
  const triggers = totals.tests === 1 ? '1 trigger' : `${totals.tests} triggers`;
  return (
    `${report.command} ${JSON.stringify(report.webhook)}: ${totals.successful} successful, ${totals.failed} failed, ` +
    `${totals.skipped} skipped of ${triggers} in ${Math.round(totals.timeMs)} ms`
  );
}

/**
 * `test`: `{ webhook, target, results, total }`. `send`: the invocation record with `sent` in front (as
 * `send --json` has always printed the record), or for a skip `{ sent: false, verdict: "skipped", … }`.
 */
function jsonDocument(report: Report): unknown {
  if (report.command === 'test') return { webhook: report.webhook, target: report.target, results: report.results, total: totalsOf(report.results) };
  const [result] = report.results;
  if (result?.record !== undefined) return { sent: result.sent, ...result.record };
  return { sent: false, verdict: 'skipped', webhook: report.webhook, trigger: result?.trigger, reason: result?.reason };
}

/**
 * One `<testsuite>` named after the webhook in a `<testsuites>` root, one `<testcase>` per trigger
 * (classname the webhook, name the trigger, time in seconds): a failed delivery holds `<failure>` (its
 * message the reason, its type what failed), a skipped one `<skipped>`, and each delivery's invocation
 * data is its `<system-out>`.
 */
function junitDocument(report: Report, redact: (text: string) => string): string {
  const totals = totalsOf(report.results);
  const timestamp = report.results.find((result) => result.record !== undefined)?.record?.timings.startedAt;
  const counts = { tests: totals.tests, failures: totals.failed, errors: 0, skipped: totals.skipped, time: seconds(totals.timeMs) };
  const attributes = (values: Readonly<Record<string, string | number | undefined>>) =>
    Object.entries(values)
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
      .map(([name, value]) => ` ${name}="${xmlAttribute(redact(String(value)))}"`)
      .join('');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: `flowhook ${report.command}`, ...counts })}>`,
    `  <testsuite${attributes({ name: report.webhook, ...counts, timestamp })}>`,
    '    <properties>',
    `      <property${attributes({ name: 'target', value: report.target })}/>`,
    '    </properties>',
  ];
  for (const result of report.results) {
    const time = seconds(result.record?.timings.totalMs ?? 0);
    lines.push(`    <testcase${attributes({ classname: report.webhook, name: result.trigger, time })}>`);
    if (result.verdict === 'skipped') lines.push(`      <skipped${attributes({ message: result.reason ?? '' })}/>`);
    if (result.record !== undefined) {
      if (result.verdict === 'failed') {
        const headline = recordText(result, report.command, false).join('\n');
        lines.push(`      <failure${attributes({ message: result.reason ?? '', type: failureType(result.record) })}>${xmlCdata(redact(headline))}</failure>`);
      }
      lines.push(`      <system-out>${xmlCdata(redact(recordText(result, report.command, true).join('\n')))}</system-out>`);
    }
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return lines.join('\n');
}

/** What failed: the error's kind (timeout, connection, template, …), a non-2xx `status`, or a `validator`. */
function failureType(record: InvocationRecord): string {
  if (record.error !== undefined) return record.error.kind;
  const status = record.response?.status ?? 0;
  return status >= 200 && status < 300 ? 'validator' : 'status';
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
