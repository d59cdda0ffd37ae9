/**
 * `flowhook test --webhook FILE [--trigger T]`: like Apono's Test button, sends the sample event of one
 * trigger or of every trigger the webhook selects, and prints "Test successful" or "Test failed" for each
 * with the invocation data. It tests the target and the template, not the routing: an inactive webhook
 * or one whose filters skip a sample is tested all the same, with a note saying so.
 */
import { matchWebhook } from '../core/match.js';
import { sampleEvent } from '../core/samples.js';
import { deliver } from '../deliver.js';
import { newId } from '../engine/ids.js';
import { closeSharedAgents } from '../http/send.js';
import type { InvocationRecord, Trigger } from '../types.js';
import { localTargetsFrom } from './allow-local.js';
import { describeTarget } from './describe-target.js';
import { formatRecord } from './format-record.js';
import { RedactingIO, processIO, type CommandIO } from './io.js';
import { loadWebhook } from './load-webhook.js';
import { EXIT, recordExitCode, runCommand } from './run-command.js';

export interface TestCommandOptions {
  webhook: string;
  /** One trigger to test; every trigger the webhook selects when absent. */
  trigger?: Trigger;
  allowLocal?: boolean;
  /** `--allow-net`: comma-separated networks. */
  allowNet?: string;
  json?: boolean;
}

const LABELS = { successful: 'Test successful', failed: 'Test failed' } as const;

export async function testCommand(options: TestCommandOptions, io: CommandIO): Promise<number> {
  const output = new RedactingIO(io);
  return runCommand(output, async () => {
    const webhook = loadWebhook(options.webhook, { ...localTargetsFrom(options, io.env), env: io.env }, output);
    const json = options.json === true;
    if (!json) output.out(`target: ${describeTarget(webhook.config)}`);

    const records: InvocationRecord[] = [];
    // One at a time, as a person pressing Test would: a flow's rate limit is about 10 per second.
    for (const trigger of options.trigger === undefined ? webhook.config.triggers : [options.trigger]) {
      const event = sampleEvent(trigger);
      const record = await deliver(webhook, event, { deliveryId: newId('test') });
      records.push(record);
      if (json) continue;
      const decision = matchWebhook(webhook.config, event);
      output.out('');
      output.out(formatRecord(record, { labels: LABELS, invocationData: true }).join('\n'));
      if (!decision.send) output.out(`  note: flowhook send would not send this event: ${decision.reason}`);
    }
    if (json) output.out(JSON.stringify(records, null, 2));
    else if (records.length > 1) {
      const successful = records.filter((record) => record.verdict === 'successful').length;
      output.out(`\n${successful} of ${records.length} tests successful`);
    }
    return worstExitCode(records);
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
