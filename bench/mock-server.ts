/**
 * Starts the mock for benchmarks: `node --import tsx bench/mock-server.ts PORT`. One flow, `abc`, with
 * client token `t`, no rate limit and a 200 `{"ok":true}` answer; capture on, default journal limit.
 */
import { MockOktaServer } from '../mock-okta/server.js';

const port = Number(process.argv[2] ?? 0);
const server = new MockOktaServer({
  port,
  flows: [{ alias: 'abc', security: 'clientToken', clientToken: 't', rateLimitPerSecond: 0, responses: [{ body: { ok: true } }] }],
});
console.log(`ready ${await server.listen()}`);
