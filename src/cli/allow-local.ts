/**
 * The switches that let the CLI send to local targets such as the mock: `--allow-local` or
 * `FLOWHOOK_ALLOW_LOCAL=1` (loopback and private ranges), and its allow-list form `--allow-net
 * 127.0.0.0/8,::1/128` or `FLOWHOOK_ALLOW_NET` (only the networks listed).
 */
import { networkProblems, type LocalTargetOptions } from '../core/url-policy.js';
import { FlowhookError } from '../errors.js';

export const ALLOW_LOCAL_ENV = 'FLOWHOOK_ALLOW_LOCAL';
export const ALLOW_NET_ENV = 'FLOWHOOK_ALLOW_NET';

export const ALLOW_LOCAL_OPTION = ['--allow-local', `allow loopback and private targets, plain http and custom ports (the mock); or set ${ALLOW_LOCAL_ENV}=1`] as const;

export const ALLOW_NET_OPTION = [
  '--allow-net <networks>',
  `allow only these networks (comma-separated, e.g. 127.0.0.0/8,::1/128) besides public addresses, with plain http and custom ports; replaces --allow-local's ranges; or set ${ALLOW_NET_ENV}`,
] as const;

export function allowLocalFrom(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return flag === true || env[ALLOW_LOCAL_ENV] === '1';
}

/**
 * The local targets the options and the environment allow. `--allow-net` outranks `FLOWHOOK_ALLOW_NET`;
 * either replaces `--allow-local`. Throws FLOWHOOK_OPTION_INVALID naming each entry that is not a network.
 */
export function localTargetsFrom(options: { allowLocal?: boolean; allowNet?: string }, env: NodeJS.ProcessEnv): LocalTargetOptions {
  const fromFlag = options.allowNet !== undefined;
  const text = fromFlag ? options.allowNet : env[ALLOW_NET_ENV];
  if (text === undefined || (!fromFlag && text.trim() === '')) return { allowLocal: allowLocalFrom(options.allowLocal, env) };
  const networks = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const source = fromFlag ? '--allow-net' : ALLOW_NET_ENV;
  const problems = networks.length === 0 ? ['lists no network'] : networkProblems(networks);
  if (problems.length > 0) {
    throw new FlowhookError('FLOWHOOK_OPTION_INVALID', `${source}: ${problems.join('; ')}`, {
      hint: `give ${source} comma-separated networks or addresses, e.g. 127.0.0.0/8,::1/128`,
    });
  }
  return { allowNet: networks };
}
