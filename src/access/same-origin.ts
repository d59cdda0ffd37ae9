/**
 * Whether a browser request comes from the server's own origin: its `Origin` header names the same
 * host and port as its `Host` header. A page on another origin (another site, or another port of
 * localhost) may send a request with the operator's session cookie, but never with this server's
 * origin in `Origin`. The scheme is not compared: behind a TLS proxy the page is https while the request
 * reaching flowhook is http, and no other server can answer on the same host and port.
 */

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

export function isSameOrigin(origin: string, hostHeader: string): boolean {
  if (!URL.canParse(origin)) return false;
  const parsed = new URL(origin);
  const defaultPort = DEFAULT_PORTS[parsed.protocol];
  const host = hostAndPort(hostHeader.trim().toLowerCase());
  if (defaultPort === undefined || parsed.origin === 'null' || host === undefined) return false;
  // A Host without a port was sent to the default port of whichever scheme the page used.
  return parsed.hostname === host.hostname && (host.port === undefined || (parsed.port || defaultPort) === host.port);
}

/** The Host header as `URL` writes it (an IPv6 address in brackets), with its port when it has one. */
function hostAndPort(hostHeader: string): { hostname: string; port: string | undefined } | undefined {
  if (hostHeader === '' || /[/?#@\\\s]/.test(hostHeader) || !URL.canParse(`http://${hostHeader}`)) return undefined;
  const url = new URL(`http://${hostHeader}`);
  const explicit = /:(\d+)$/.exec(hostHeader)?.[1];
  return { hostname: url.hostname, port: explicit === undefined ? undefined : String(Number(explicit)) };
}
