/** The one switch that lets the CLI send to local targets such as the mock: `--allow-local` or `FLOWHOOK_ALLOW_LOCAL=1`. */

export const ALLOW_LOCAL_ENV = 'FLOWHOOK_ALLOW_LOCAL';

export const ALLOW_LOCAL_OPTION = ['--allow-local', `allow loopback and private targets, plain http and custom ports (the mock); or set ${ALLOW_LOCAL_ENV}=1`] as const;

export function allowLocalFrom(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return flag === true || env[ALLOW_LOCAL_ENV] === '1';
}
