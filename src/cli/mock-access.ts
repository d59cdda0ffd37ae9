/**
 * Who may use `flowhook mock`'s admin API and web UI, from its options and the environment: the names it
 * answers to (`--allowed-host`, repeatable) and the admin token (`--admin-token` or
 * FLOWHOOK_MOCK_ADMIN_TOKEN), checked before anything listens.
 */
import type { MockOktaOptions } from '../../mock-okta/server.js';
import { allowedHostProblem } from '../access/allowed-hosts.js';
import { apiTokenProblem } from '../access/api-tokens.js';
import { FlowhookError } from '../errors.js';

export const MOCK_ADMIN_TOKEN_ENV = 'FLOWHOOK_MOCK_ADMIN_TOKEN';

export interface MockAccessFlags {
  /** Each `--allowed-host`. */
  allowedHost?: readonly string[];
  adminToken?: string;
}

/** The access options of MockOktaServer; throws FLOWHOOK_OPTION_INVALID for a name that cannot be allowed or a token too weak to be one. */
export function mockAccessFrom(flags: MockAccessFlags, env: NodeJS.ProcessEnv): Pick<MockOktaOptions, 'allowedHosts' | 'adminToken'> {
  const allowedHosts = (flags.allowedHost ?? []).map((host) => host.trim());
  for (const host of allowedHosts) {
    const problem = allowedHostProblem(host);
    if (problem !== undefined) {
      throw new FlowhookError('FLOWHOOK_OPTION_INVALID', `--allowed-host: ${problem}`, {
        hint: 'Give each name the mock is reached by, without scheme or port: --allowed-host mock-okta (repeat the option for more).',
      });
    }
  }
  // An empty variable counts as unset.
  const fromFlag = flags.adminToken !== undefined;
  const adminToken = fromFlag ? flags.adminToken : env[MOCK_ADMIN_TOKEN_ENV] || undefined;
  if (adminToken !== undefined) {
    const problem = apiTokenProblem(adminToken);
    if (problem !== undefined) {
      throw new FlowhookError('FLOWHOOK_OPTION_INVALID', `${fromFlag ? '--admin-token' : MOCK_ADMIN_TOKEN_ENV} ${problem.replace('an API token', 'the admin token')}`, {
        hint: 'Use a long random token, e.g. the output of: node -e "console.log(crypto.randomBytes(32).toString(\'base64url\'))"',
      });
    }
  }
  return { allowedHosts, ...(adminToken === undefined ? {} : { adminToken }) };
}
