/**
 * Send throughput: 32 concurrent `deliver()` calls (render, authorise, send, validate, record) against
 * 32 concurrent raw undici `request()` calls that send the same pre-rendered body to the same flow, the
 * same number of requests each, in interleaved rounds. The target runs in its own process pinned to
 * core 0 and this process to core 1 (taskset, when there are two cores), so neither takes the other's
 * CPU. Two targets: the mock (bench/mock-server.ts) and a bare node:http sink. When the mock's core is
 * saturated for both sides it caps both, and only the sink's ratio says what the sender costs.
 *
 *   node --import tsx bench/send-throughput.ts
 *   REQUESTS=4000 ROUNDS=5 CONCURRENCY=32 node --import tsx bench/send-throughput.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { OKTA_GUIDE_TEMPLATE, sampleEvent } from '../src/core/samples.js';
import { compileWebhook, deliver, type CompiledWebhook } from '../src/deliver.js';
import { parseWebhookConfig } from '../src/core/webhook-config.js';
import { closeSharedAgents } from '../src/http/send.js';
import { cpuSeconds, onCore, pinned, pinSelf, runSink, stopProcess } from './support.js';

const REQUESTS = Number(process.env.REQUESTS ?? 4000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);
const cores = availableParallelism();

interface Target {
  readonly name: string;
  readonly command: string[];
  /** The flow's path on the target, with its client token. */
  readonly path: string;
}

const TARGETS: readonly Target[] = [
  { name: 'flowhook mock-okta', command: ['bench/mock-server.ts', '0'], path: '/api/flo/abc/invoke?clientToken=t' },
  { name: 'bare node:http sink', command: [self, '--sink'], path: '/api/flo/abc/invoke?clientToken=t' },
];

interface Phase {
  rate: number;
  /** CPU the target used, as a share of one core. */
  targetCpu: number;
  /** CPU this process used, as a share of one core. */
  senderCpu: number;
  failures: number;
}

interface Round {
  deliver: Phase;
  raw: Phase;
}

async function startTarget(target: Target): Promise<{ child: ChildProcess; origin: string }> {
  const command = [process.execPath, '--import', 'tsx', ...target.command];
  const [file, args] = onCore(0, command);
  const child = spawn(file, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${target.name} did not start within 30 s`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /^ready (\S+)/m.exec(out);
      if (ready?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`${target.name} exited with ${code}`)));
  });
  return { child, origin };
}

/** Runs `send` REQUESTS times with CONCURRENCY in flight, measuring the rate and both processes' CPU. */
async function phase(targetPid: number, send: (index: number) => Promise<boolean>): Promise<Phase> {
  let next = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (next < REQUESTS) {
      const index = next;
      next += 1;
      if (!(await send(index))) failures += 1;
    }
  };
  const targetBefore = cpuSeconds(targetPid);
  const senderBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const sender = process.cpuUsage(senderBefore);
  return {
    rate: REQUESTS / seconds,
    targetCpu: (cpuSeconds(targetPid) - targetBefore) / seconds,
    senderCpu: (sender.user + sender.system) / 1e6 / seconds,
    failures,
  };
}

async function measure(target: Target): Promise<Round[]> {
  const { child, origin } = await startTarget(target);
  const pid = child.pid as number;
  const url = `${origin}${target.path}`;
  const webhook: CompiledWebhook = compileWebhook(
    parseWebhookConfig(
      {
        name: 'bench',
        url,
        triggers: ['RequestCreated'],
        body_template: OKTA_GUIDE_TEMPLATE,
        response_validators: [{ json_path: '$.data.ok', expected_values: ['true'] }],
      },
      { allowLocal: true },
    ),
    { allowLocal: true },
  );
  const event = sampleEvent('RequestCreated');
  const body = webhook.template.render(event);
  const agent = new Agent();
  const viaDeliver = async (index: number): Promise<boolean> =>
    (await deliver(webhook, event, { deliveryId: `dlv_${index}` })).verdict === 'successful';
  const viaRaw = async (): Promise<boolean> => {
    const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher: agent });
    await response.body.text();
    return response.statusCode === 200;
  };
  try {
    await phase(pid, viaDeliver);
    await phase(pid, viaRaw);
    const rounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // Alternating which side goes first spreads any drift of the machine over both.
      if (round % 2 === 0) {
        const deliverPhase = await phase(pid, viaDeliver);
        rounds.push({ deliver: deliverPhase, raw: await phase(pid, viaRaw) });
      } else {
        const rawPhase = await phase(pid, viaRaw);
        rounds.push({ deliver: await phase(pid, viaDeliver), raw: rawPhase });
      }
    }
    return rounds;
  } finally {
    await agent.close();
    await closeSharedAgents();
    await stopProcess(child);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const percent = (share: number): string => `${Math.round(share * 100)}%`;
const perSecond = (rate: number): string => Math.round(rate).toLocaleString('en-US');
/** CPU time this process spent per request: what the sender costs, whatever else the machine is doing. */
const microseconds = (phase: Phase): string => String(Math.round((phase.senderCpu / phase.rate) * 1e6));

async function main(): Promise<void> {
  pinSelf(1);
  console.log(`node ${process.version}, ${cores} cores; ${pinned ? 'target on core 0, sender on core 1 (taskset)' : 'no pinning'}`);
  console.log(`${CONCURRENCY} concurrent sends, ${REQUESTS} requests per side per round, ${ROUNDS} interleaved rounds after a warm-up\n`);
  const summary: string[] = [];
  for (const target of TARGETS) {
    const rounds = await measure(target);
    console.log(`${target.name}`);
    console.log('| round | deliver() req/s | raw request() req/s | ratio | target CPU deliver / raw | sender CPU deliver / raw | sender µs/request deliver / raw |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|');
    rounds.forEach(({ deliver: d, raw: r }, index) => {
      console.log(
        `| ${index + 1} | ${perSecond(d.rate)} | ${perSecond(r.rate)} | ${(d.rate / r.rate).toFixed(2)} | ` +
          `${percent(d.targetCpu)} / ${percent(r.targetCpu)} | ${percent(d.senderCpu)} / ${percent(r.senderCpu)} | ` +
          `${microseconds(d)} / ${microseconds(r)} |`,
      );
    });
    const failures = rounds.reduce((sum, { deliver: d, raw: r }) => sum + d.failures + r.failures, 0);
    const ratio = median(rounds.map(({ deliver: d, raw: r }) => d.rate / r.rate));
    const targetCpu = median(rounds.flatMap(({ deliver: d, raw: r }) => [d.targetCpu, r.targetCpu]));
    const capped = targetCpu >= 0.9 ? `; the target's core is saturated (${percent(targetCpu)}), so it caps both sides` : '';
    const line =
      `${target.name}: deliver() ${perSecond(median(rounds.map((r) => r.deliver.rate)))} req/s, ` +
      `raw ${perSecond(median(rounds.map((r) => r.raw.rate)))} req/s, median ratio ${ratio.toFixed(2)} (target ≥ 0.90)${capped}` +
      (failures > 0 ? `; ${failures} sends FAILED` : '');
    console.log(`${line}\n`);
    summary.push(line);
  }
  console.log(summary.join('\n'));
}

if (process.argv.includes('--sink')) runSink();
else await main();
