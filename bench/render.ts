/**
 * Render throughput of the Apono guide's Okta Workflows template on one core, against a hand-written
 * JSON.stringify of the same fields measured in the same run. The guide's template has every value
 * inside a JSON string, so flowhook knows at compile time that it always renders JSON; a variant with a
 * bare number shows the cost of parsing each rendering to check it. Plain Handlebars (HTML escaping, no
 * check) is shown for reference.
 *
 *   node --import tsx bench/render.ts
 *   ROUNDS=7 ROUND_MS=1000 node --import tsx bench/render.ts
 */
import Handlebars from 'handlebars';
import { compileTemplate } from '../src/core/render.js';
import { OKTA_GUIDE_TEMPLATE, SAMPLE_EVENTS } from '../src/core/samples.js';
import { TRIGGERS } from '../src/core/triggers.js';
import type { AccessRequestEvent } from '../src/types.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const ROUND_MS = Number(process.env.ROUND_MS ?? 1000);
const WARMUP_MS = 500;
const BATCH = 1000;
const TARGET_PER_SEC = 200_000;

const events: readonly AccessRequestEvent[] = TRIGGERS.map((trigger) => SAMPLE_EVENTS[trigger]);

/** What a person would write by hand for the same body: the baseline. */
function handWritten(event: AccessRequestEvent): string {
  const group = event.data.access_groups[0];
  return JSON.stringify({
    fields: {
      'event type': event.event_type,
      'event time': String(event.event_time),
      'requestor email': event.data.requester.email,
      'integration name': group?.integration.name ?? '',
      'resource type': group?.resource_types[0]?.name ?? '',
      'access units': group?.access_units[0]?.resource.name ?? '',
    },
  });
}

const flowhook = compileTemplate(OKTA_GUIDE_TEMPLATE);
// The time as a bare number puts a value outside a JSON string, so every rendering is parsed to check it.
const checked = compileTemplate(OKTA_GUIDE_TEMPLATE.replace('"{{event_time}}"', '{{event_time}}'));
const plainHandlebars = Handlebars.compile(OKTA_GUIDE_TEMPLATE);

const candidates: ReadonlyArray<{ name: string; render: (event: AccessRequestEvent) => string }> = [
  { name: 'hand-written JSON.stringify (baseline)', render: handWritten },
  { name: 'flowhook compileTemplate().render', render: (event) => flowhook.render(event) },
  { name: 'flowhook, output parsed to check it', render: (event) => checked.render(event) },
  { name: 'plain Handlebars (HTML-escaped, unchecked)', render: (event) => plainHandlebars(event) },
];

let sink = 0;

/** Renders per second over one timed round. */
function round(render: (event: AccessRequestEvent) => string, ms: number): number {
  let count = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < BATCH; i += 1) sink += render(events[i % events.length] as AccessRequestEvent).length;
    count += BATCH;
    elapsed = performance.now() - started;
  }
  return (count / elapsed) * 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const expected = handWritten(events[0] as AccessRequestEvent);
if (JSON.stringify(JSON.parse(flowhook.render(events[0] as AccessRequestEvent))) !== expected) {
  throw new Error('flowhook and the baseline render different bodies; the comparison would be meaningless');
}

for (const candidate of candidates) round(candidate.render, WARMUP_MS);
// Rounds interleave the candidates so that a slow moment of the machine hits all of them alike.
const samples = candidates.map(() => [] as number[]);
for (let r = 0; r < ROUNDS; r += 1) {
  candidates.forEach((candidate, index) => samples[index]?.push(round(candidate.render, ROUND_MS)));
}

const results = candidates.map((candidate, index) => ({ name: candidate.name, perSec: median(samples[index] ?? []) }));
const baseline = results[0]?.perSec ?? 1;
console.log(`Template rendering: the Apono guide's Okta template, Node ${process.version}, one thread`);
console.log(`median of ${ROUNDS} rounds of ${ROUND_MS} ms each, after a ${WARMUP_MS} ms warm-up\n`);
for (const { name, perSec } of results) {
  console.log(`${name.padEnd(44)} ${Math.round(perSec).toLocaleString('en-US').padStart(11)} renders/s   ${(perSec / baseline).toFixed(2)}× baseline`);
}
const ours = results[1]?.perSec ?? 0;
console.log(`\nflowhook: ${Math.round(ours).toLocaleString('en-US')} renders/s; target ≥ ${TARGET_PER_SEC.toLocaleString('en-US')} (${ours >= TARGET_PER_SEC ? 'met' : 'NOT met'})`);
if (sink === 0) console.log('');
