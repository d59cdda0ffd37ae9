/**
 * `flowhook mock`: runs the mock Okta Workflows server until SIGINT or SIGTERM, printing its base URL,
 * flows and web UI address, then one log entry per invocation (pino JSON lines when stdout is not a
 * terminal; `--quiet` turns them off). Bad options or a bad config file exit with status 2 before
 * anything listens.
 */
import type { Logger } from 'pino';
import { readMockConfig } from '../../mock-okta/config-file.js';
import { MockOktaServer } from '../../mock-okta/server.js';
import type { MockConfig } from '../../mock-okta/types.js';
import { INVOCATION_MESSAGE, invocationLogEntry } from './invocation-log.js';
import { cliLogger } from './log-destination.js';
import { reportStartFailure, stopOnSignal } from './long-running.js';
import { mockAccessFrom, type MockAccessFlags } from './mock-access.js';

export interface MockCommandOptions extends MockAccessFlags {
  port: number;
  host: string;
  config?: string;
  journalLimit: number;
  invokeTimeoutMs: number;
  /** `--quiet`: no log entry per invocation. */
  quiet?: boolean;
}

export async function runMock(options: MockCommandOptions): Promise<void> {
  let server: MockOktaServer;
  let logger: Logger | undefined;
  let tokenRequired = false;
  try {
    const access = mockAccessFrom(options, process.env);
    tokenRequired = access.adminToken !== undefined;
    const config: MockConfig = options.config === undefined ? { flows: [] } : readMockConfig(options.config);
    logger = options.quiet === true ? undefined : cliLogger('info');
    const log = logger;
    server = new MockOktaServer({
      port: options.port,
      host: options.host,
      flows: config.flows,
      oauthClients: config.oauthClients ?? [],
      journalLimit: options.journalLimit,
      invokeTimeoutMs: options.invokeTimeoutMs,
      ...access,
      ...(log === undefined ? {} : { onExecution: (execution) => log.info(invocationLogEntry(execution), INVOCATION_MESSAGE) }),
    });
    await server.listen();
  } catch (err) {
    process.exitCode = reportStartFailure(err, options);
    return;
  }
  const { url } = server;
  const lines = [`mock Okta Workflows listening on ${url} (admin API: ${url}/__admin${tokenRequired ? ', with the admin token' : ''})`];
  const flows = server.flows.list();
  if (flows.length === 0) lines.push('no flows yet: PUT /__admin/flows/{alias} creates one');
  for (const flow of flows) lines.push(`  ${flow.alias}  ${flow.security}${flow.active ? '' : ' (off)'}  ${flow.view(url).invokeUrl}`);
  const clients = server.oauth.clients.list().map((client) => client.clientId);
  lines.push(
    `org authorization server: ${server.oauth.tokenEndpoint} (OAuth clients: ${clients.length === 0 ? 'none yet, POST /__admin/oauth/clients registers one' : clients.join(', ')})`,
    `web UI (flows and execution history): ${url}/`,
  );
  console.log(lines.join('\n'));

  // The invocation lines pino still holds come out before the last line.
  const stopped = (signal: NodeJS.Signals): void => console.log(`stopped (${signal})`);
  stopOnSignal((signal) => void server.close().then(() => (logger === undefined ? stopped(signal) : logger.flush(() => stopped(signal)))));
}
