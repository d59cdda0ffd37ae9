/**
 * Who may use `flowhook serve`'s management API, from its options and the environment: API tokens
 * (FLOWHOOK_API_TOKENS, `--api-token-file`) and the names it answers to (`--allowed-host`, repeatable,
 * and FLOWHOOK_ALLOWED_HOSTS), and the lines that tell the operator how to log in.
 */
import { allowedHostProblem } from '../access/allowed-hosts.js';
import { API_TOKENS_ENV, apiTokensFromEnv } from '../api/api-token-source.js';
import { FlowhookError } from '../errors.js';
import type { RunningServer, ServeOptions } from '../serve.js';

export const ALLOWED_HOSTS_ENV = 'FLOWHOOK_ALLOWED_HOSTS';

export interface ServeAccessFlags {
  apiTokenFile?: string;
  /** Each `--allowed-host`. */
  allowedHost?: readonly string[];
}

/** The access options of startServer; throws FLOWHOOK_OPTION_INVALID for a name that cannot be allowed. */
export function serveAccessFrom(flags: ServeAccessFlags, env: NodeJS.ProcessEnv): Pick<ServeOptions, 'apiTokens' | 'apiTokenFile' | 'allowedHosts'> {
  const named = [
    ...(flags.allowedHost ?? []).map((host) => ({ host, from: '--allowed-host' })),
    ...split(env[ALLOWED_HOSTS_ENV]).map((host) => ({ host, from: ALLOWED_HOSTS_ENV })),
  ];
  for (const { host, from } of named) {
    const problem = allowedHostProblem(host);
    if (problem !== undefined) {
      throw new FlowhookError('FLOWHOOK_OPTION_INVALID', `${from}: ${problem}`, {
        hint: `Give each name the browser's address bar shows, without scheme or port: --allowed-host flowhook.example.com, or ${ALLOWED_HOSTS_ENV}=a.example.com,b.example.com.`,
      });
    }
  }
  return {
    apiTokens: apiTokensFromEnv(env[API_TOKENS_ENV]),
    ...(flags.apiTokenFile === undefined ? {} : { apiTokenFile: flags.apiTokenFile }),
    allowedHosts: named.map(({ host }) => host.trim()),
  };
}

/**
 * How to log in, for the terminal (stderr, never the log): the login URL with the generated token, as
 * Jupyter prints it, or, when the operator gave the tokens, where to put one.
 */
export function loginLines(server: Pick<RunningServer, 'url' | 'loginUrl' | 'apiTokenFile'>): string[] {
  if (server.loginUrl === undefined) {
    return [`Open the web UI with one of your API tokens: ${server.url}/login?token=<token from ${API_TOKENS_ENV} or --api-token-file>`];
  }
  const kept = server.apiTokenFile === undefined ? 'for as long as this process runs' : `in ${server.apiTokenFile}`;
  return [
    'Open the web UI, logged in:',
    `    ${server.loginUrl}`,
    `The API token is kept ${kept}; scripts send it as "Authorization: Bearer <token>".`,
  ];
}

function split(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
