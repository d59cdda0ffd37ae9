/**
 * How long a hostile body template holds the event loop before it is refused, against compiling the
 * Apono guide's Okta Workflows template (the baseline) in the same run: the audit's 7,000 nested
 * `{{#with}}` (161 KB, over the size limit), 3,000 nested ones that fit in 64 KiB (over the nesting
 * limit), a 20,000-segment path, and a loop bomb refused while rendering. Each case runs ROUNDS times on
 * one thread after one warm-up; the median is printed.
 *
 *   node --import tsx bench/template-guard.ts
 */
import { compileTemplate } from '../src/core/render.js';
import { OKTA_GUIDE_TEMPLATE, sampleEvent } from '../src/core/samples.js';
import { isFlowhookError } from '../src/errors.js';

const ROUNDS = Number(process.env.ROUNDS ?? 21);
const event = sampleEvent('RequestCreated');
const units = '{{#each @root.data.access_groups.[0].access_units}}';

const cases: ReadonlyArray<{ name: string; run: () => void }> = [
  { name: "compile the guide's template (baseline)", run: () => compileTemplate(OKTA_GUIDE_TEMPLATE).render(event) },
  { name: 'refuse 7,000 nested {{#with}} (161 KB)', run: () => compileTemplate(`${'{{#with data}}'.repeat(7000)}${'{{/with}}'.repeat(7000)}`) },
  { name: 'refuse 3,000 nested {{#with}} (60 KB)', run: () => compileTemplate(`${'{{#with a}}'.repeat(3000)}${'{{/with}}'.repeat(3000)}`) },
  { name: 'refuse a 20,000-segment path (40 KB)', run: () => compileTemplate(`{"a": "{{${'a.'.repeat(20_000)}a}}"}`) },
  { name: 'stop 20 nested loops while rendering', run: () => compileTemplate(`{"a": "${units.repeat(20)}${'{{/each}}'.repeat(20)}"}`).render(event) },
];

function medianMs(run: () => void): number {
  const times: number[] = [];
  for (let round = 0; round <= ROUNDS; round += 1) {
    const started = performance.now();
    try {
      run();
    } catch (err) {
      if (!isFlowhookError(err)) throw err;
    }
    if (round > 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

console.log(`Refusing hostile body templates, Node ${process.version}, one thread, median of ${ROUNDS} runs after one warm-up\n`);
const results = cases.map(({ name, run }) => ({ name, ms: medianMs(run) }));
const baseline = results[0]?.ms ?? 1;
for (const { name, ms } of results) {
  console.log(`${name.padEnd(44)} ${ms.toFixed(2).padStart(8)} ms   ${(ms / baseline).toFixed(2)}× baseline`);
}
