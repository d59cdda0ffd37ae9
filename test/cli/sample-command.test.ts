import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/index.js';
import { sampleCommand } from '../../src/cli/sample-command.js';
import { sendCommand } from '../../src/cli/send-command.js';
import { compileTemplate } from '../../src/core/render.js';
import { SAMPLE_EVENTS } from '../../src/core/samples.js';
import { TRIGGERS } from '../../src/core/triggers.js';
import { capturedIO } from './captured-io.js';
import { tempFiles } from './temp-files.js';

const TEMPLATE = '{"type": "{{event_type}}", "at": {{event_time}}, "request": "{{data.friendly_id}}", "why": "{{data.justification}}", "approval": "{{data.approvals.[0].status}}"}';

let mock: RunningMockOkta;
let files: ReturnType<typeof tempFiles>;

beforeAll(async () => {
  mock = await startMockOkta({ flows: [{ alias: 'access', security: 'public', rateLimitPerSecond: 0, responses: [{ body: { status: 'ok' } }] }] });
});
afterAll(() => mock.close());
beforeEach(async () => {
  files = tempFiles();
  await mock.clearExecutions();
});
afterEach(() => files.remove());

describe('sampleCommand', () => {
  it('prints the sample event of --trigger as pretty JSON', async () => {
    const io = capturedIO();
    expect(await sampleCommand({ trigger: 'RequestGranted' }, io)).toBe(0);
    expect(io.stderr).toEqual([]);
    expect(io.stdout.join('\n')).toBe(JSON.stringify(SAMPLE_EVENTS.RequestGranted, null, 2));
  });

  it('prints the six sample events with --all, as one object keyed by trigger', async () => {
    const io = capturedIO();
    expect(await sampleCommand({ all: true }, io)).toBe(0);
    const samples = JSON.parse(io.stdout.join('\n')) as Record<string, { event_type: string }>;
    expect(Object.keys(samples)).toEqual(TRIGGERS);
    for (const trigger of TRIGGERS) expect(samples[trigger]).toEqual(SAMPLE_EVENTS[trigger]);
  });

  it('exits 2 without --trigger or --all, or with both', async () => {
    const hint = 'hint: pass --trigger RequestGranted for one sample event (an --event file for flowhook send), or --all for the six keyed by trigger';
    const neither = capturedIO();
    expect(await sampleCommand({}, neither)).toBe(2);
    expect(neither.stderr).toEqual(['error: flowhook sample needs --trigger <trigger> or --all', hint]);
    const both = capturedIO();
    expect(await sampleCommand({ trigger: 'RequestCreated', all: true }, both)).toBe(2);
    expect(both.stderr).toEqual(['error: --trigger and --all cannot be given together', hint]);
    expect([...neither.stdout, ...both.stdout]).toEqual([]);
  });

  it('prints what flowhook send takes as --event, for every trigger', async () => {
    const webhook = files.write('hook.json', { name: 'access requests', url: mock.invokeUrl('access'), triggers: TRIGGERS, body_template: TEMPLATE });
    for (const trigger of TRIGGERS) {
      const sample = capturedIO();
      await sampleCommand({ trigger }, sample);
      const event = files.write(`${trigger}.json`, sample.stdout.join('\n'));
      const send = capturedIO();
      expect(await sendCommand({ webhook, trigger, event, allowLocal: true }, send)).toBe(0);
      expect(send.stderr).toEqual([]);
    }
    const executions = await mock.executions({ alias: 'access', limit: TRIGGERS.length });
    expect(executions.map((execution) => execution.body)).toEqual(TRIGGERS.map((trigger) => JSON.parse(compileTemplate(TEMPLATE).render(SAMPLE_EVENTS[trigger]))));
  });
});
