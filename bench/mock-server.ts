/**
 * Starts the mock for benchmarks: `node --import tsx bench/mock-server.ts PORT`. One flow, `abc`, with
 * client token `t`, no rate limit and a 200 `{"ok":true}` answer; capture on, default journal limit.
 * It runs the compiled build users get (`npm run build` first; the bench:mock scripts do), unless
 * MOCK_FROM=src asks for the TypeScript sources.
 */
import { existsSync } from 'node:fs';

type MockOktaModule = typeof import('../mock-okta/index.js');

const compiled = new URL('../dist/esm/mock-okta/index.js', import.meta.url);
const fromSources = process.env.MOCK_FROM === 'src';
if (!fromSources && !existsSync(compiled)) {
  console.error('bench/mock-server: no compiled mock in dist/; run `npm run build` first, or set MOCK_FROM=src');
  process.exit(2);
}
const { MockOktaServer } = (await import(fromSources ? '../mock-okta/index.js' : compiled.href)) as MockOktaModule;

const port = Number(process.argv[2] ?? 0);
const server = new MockOktaServer({
  port,
  flows: [{ alias: 'abc', security: 'clientToken', clientToken: 't', rateLimitPerSecond: 0, responses: [{ body: { ok: true } }] }],
});
console.log(`ready ${await server.listen()}`);
