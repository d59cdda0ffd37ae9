/**
 * `flowhook send --webhook FILE --trigger T [--event FILE]`: delivers one event (the trigger's sample
 * unless a file is given) the way the engine would: only when the webhook is active, selects the trigger
 * and its filters match, and reports it as `--reporter` asks (a skip too). Exit 0 successful, 1 failed,
 * 2 bad input (config, event, template, refused URL), 3 the webhook would not send this event.
 */
import { parseEvent } from '../core/event.js';
import { matchWebhook } from '../core/match.js';
import { sampleEvent } from '../core/samples.js';
import { deliver } from '../deliver.js';
import { newId } from '../engine/ids.js';
import { FlowhookError } from '../errors.js';
import { closeSharedAgents } from '../http/send.js';
import type { AccessRequestEvent, Trigger } from '../types.js';
import { localTargetsFrom } from './allow-local.js';
import { describeTarget } from './describe-target.js';
import { RedactingIO, processIO, type CommandIO } from './io.js';
import { loadWebhook } from './load-webhook.js';
import { readJsonFile } from './read-json-file.js';
import { ReportOutput, reporterNameOf, type ReportOptions } from './report-output.js';
import { deliveredResult, skippedResult, type RunInfo } from './reporters.js';
import { EXIT, recordExitCode, runCommand } from './run-command.js';

export interface SendCommandOptions extends ReportOptions {
  webhook: string;
  trigger: Trigger;
  /** A file holding the event; the trigger's sample event when absent. */
  event?: string;
  allowLocal?: boolean;
  /** `--allow-net`: comma-separated networks. */
  allowNet?: string;
}

export async function sendCommand(options: SendCommandOptions, io: CommandIO): Promise<number> {
  const output = new RedactingIO(io);
  return runCommand(output, async () => {
    reporterNameOf(options);
    const webhook = loadWebhook(options.webhook, { ...localTargetsFrom(options, io.env), env: io.env }, output);
    const event = options.event === undefined ? sampleEvent(options.trigger) : readEvent(options.event, options.trigger);
    const run: RunInfo = { command: 'send', webhook: webhook.config.name, target: describeTarget(webhook.config) };
    const report = ReportOutput.open(options, output);
    try {
      report.begin(run);
      const decision = matchWebhook(webhook.config, event);
      if (!decision.send) {
        output.err(`not sent: webhook "${webhook.config.name}" does not send this ${event.event_type} event: ${decision.reason}`);
        output.err('hint: change "active", "triggers" or "filters" in the config, or use flowhook test to send a sample anyway');
        const result = skippedResult(options.trigger, decision.reason);
        report.result(result, run);
        report.end({ ...run, results: [result] });
        return EXIT.notSent;
      }
      const record = await deliver(webhook, event, { deliveryId: newId('dlv') });
      const result = deliveredResult(record);
      report.result(result, run);
      report.end({ ...run, results: [result] });
      return recordExitCode(record);
    } finally {
      report.close();
    }
  });
}

function readEvent(file: string, trigger: Trigger): AccessRequestEvent {
  const event = parseEvent(readJsonFile(file, { what: 'access-request event', option: '--event' }));
  if (event.event_type !== trigger) {
    throw new FlowhookError('FLOWHOOK_EVENT_INVALID', `the event in "${file}" is a ${event.event_type} event, but --trigger says ${trigger}`, {
      hint: `pass --trigger ${event.event_type}, or change "event_type" in the file`,
      details: [{ path: '$.event_type', message: `is ${JSON.stringify(event.event_type)}, not ${JSON.stringify(trigger)}` }],
    });
  }
  return event;
}

/** `flowhook send`: runs the command and closes the connections it kept open. */
export async function runSend(options: SendCommandOptions): Promise<void> {
  process.exitCode = await sendCommand(options, processIO);
  await closeSharedAgents();
}
