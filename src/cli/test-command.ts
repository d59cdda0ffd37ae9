/**
 * `flowhook test --webhook FILE [--trigger T]`: like Apono's Test button, sends the sample event of one
 * trigger or of every trigger the webhook selects, and prints "Test successful" or "Test failed" for each
 * with the invocation data, or the report `--reporter` asks for. It tests the target and the template,
 * not the routing: an inactive webhook or one whose filters skip a sample is tested all the same, with a
 * note saying so.
 */
import { matchWebhook } from '../core/match.js';
import { sampleEvent } from '../core/samples.js';
import { deliver } from '../deliver.js';
import { newId } from '../engine/ids.js';
import { closeSharedAgents } from '../http/send.js';
import type { InvocationRecord, Trigger } from '../types.js';
import { localTargetsFrom } from './allow-local.js';
import { describeTarget } from './describe-target.js';
import { RedactingIO, processIO, type CommandIO } from './io.js';
import { loadWebhook } from './load-webhook.js';
import { ReportOutput, reporterNameOf, type ReportOptions } from './report-output.js';
import { deliveredResult, type RunInfo, type TriggerResult } from './reporters.js';
import { EXIT, recordExitCode, runCommand } from './run-command.js';

export interface TestCommandOptions extends Omit<ReportOptions, 'verbose'> {
  webhook: string;
  /** One trigger to test; every trigger the webhook selects when absent. */
  trigger?: Trigger;
  allowLocal?: boolean;
  /** `--allow-net`: comma-separated networks. */
  allowNet?: string;
}

export async function testCommand(options: TestCommandOptions, io: CommandIO): Promise<number> {
  const output = new RedactingIO(io);
  return runCommand(output, async () => {
    reporterNameOf(options);
    const webhook = loadWebhook(options.webhook, { ...localTargetsFrom(options, io.env), env: io.env }, output);
    const run: RunInfo = { command: 'test', webhook: webhook.config.name, target: describeTarget(webhook.config) };
    const report = ReportOutput.open(options, output);
    try {
      report.begin(run);
      const results: TriggerResult[] = [];
      // One at a time, as a person pressing Test would: a flow's rate limit is about 10 per second.
      for (const trigger of options.trigger === undefined ? webhook.config.triggers : [options.trigger]) {
        const event = sampleEvent(trigger);
        const record = await deliver(webhook, event, { deliveryId: newId('test') });
        const decision = matchWebhook(webhook.config, event);
        const result = deliveredResult(record, decision.send ? undefined : decision.reason);
        results.push(result);
        report.result(result, run);
      }
      report.end({ ...run, results });
      return worstExitCode(results.flatMap((result) => (result.record === undefined ? [] : [result.record])));
    } finally {
      report.close();
    }
  });
}

/** Bad input outranks a failed delivery, which outranks success. */
function worstExitCode(records: readonly InvocationRecord[]): number {
  const codes = records.map(recordExitCode);
  if (codes.includes(EXIT.badInput)) return EXIT.badInput;
  return codes.includes(EXIT.failed) ? EXIT.failed : EXIT.ok;
}

/** `flowhook test`: runs the command and closes the connections it kept open. */
export async function runTest(options: TestCommandOptions): Promise<void> {
  process.exitCode = await testCommand(options, processIO);
  await closeSharedAgents();
}
