/**
 * The redactor of one webhook's deliveries: the config's secrets plus the credentials of the
 * authorisation in use. Credentials repeat (an access token serves many deliveries), so the redactors of
 * the last few are kept instead of being built for every delivery.
 */
import { secretRedactor } from './redact.js';

const REDACTORS_KEPT = 8;

/** Given an authorisation's headers, the redactor of `secrets` and of the credentials in those headers. */
export function redactorCache(secrets: readonly string[]): (authorisation: { readonly headers: Readonly<Record<string, string>> }) => (text: string) => string {
  const byCredentials = new Map<string, (text: string) => string>();
  return (authorisation) => {
    const credentials = credentialsIn(authorisation.headers);
    const key = credentials.join('\n');
    let redact = byCredentials.get(key);
    if (redact === undefined) {
      if (byCredentials.size >= REDACTORS_KEPT) byCredentials.clear();
      redact = secretRedactor([...secrets, ...credentials]);
      byCredentials.set(key, redact);
    }
    return redact;
  };
}

/** Each header value, and the credential after its scheme (`Bearer <token>`). */
function credentialsIn(headers: Readonly<Record<string, string>>): string[] {
  return Object.values(headers).flatMap((value) => {
    const credential = /^\S+\s+(\S+)$/.exec(value)?.[1];
    return credential === undefined ? [value] : [value, credential];
  });
}
