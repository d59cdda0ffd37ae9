/**
 * The names a server answers to (the management API, the mock's admin API), against DNS rebinding: a
 * page whose name is rebound to 127.0.0.1 reaches the server with that name in its Host header, so a Host
 * that is not on the list gets nothing. Loopback names and addresses are on it by default, with any port, as in Vite's
 * `server.allowedHosts` and webpack-dev-server's `allowedHosts`; an entry `.example.com` allows that
 * domain and every name under it.
 */

/** What every server answers to. */
export const LOOPBACK_HOSTS: readonly string[] = Object.freeze(['localhost', '127.0.0.1', '[::1]']);

const HOST_NAME = /^(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.?$/;
const IPV6 = /^\[?([0-9a-f:.]+)\]?$/;
/** `name`, `name:port`, `[v6]` or `[v6]:port`: what a Host header may hold. */
/** `::ffff:127.0.0.1` as the URL parser writes it. */
const IPV4_MAPPED_LOOPBACK = /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/;
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/;

export interface AllowedHosts {
  /** The entries, normalised: lowercase, IPv6 in brackets, no trailing dot. */
  readonly entries: readonly string[];
  /** Whether a request with this Host header may be served. */
  allows(hostHeader: string | undefined): boolean;
}

/** The loopback names and addresses, plus `extra` (checked with `allowedHostProblem` first). */
export function allowedHosts(extra: readonly string[] = []): AllowedHosts {
  const entries = [...new Set([...LOOPBACK_HOSTS, ...extra.map((entry) => normaliseEntry(entry))])];
  const exact = new Set(entries.filter((entry) => !entry.startsWith('.')));
  const domains = entries.filter((entry) => entry.startsWith('.'));
  return Object.freeze({
    entries: Object.freeze(entries),
    allows(hostHeader: string | undefined): boolean {
      const host = hostHeader === undefined ? undefined : hostOfHeader(hostHeader);
      if (host === undefined) return false;
      return exact.has(host) || domains.some((domain) => host === domain.slice(1) || host.endsWith(domain));
    },
  });
}

/** Why `entry` cannot be an allowed host, or undefined when it can: a name, `.domain`, or an IP address, without port or scheme. */
export function allowedHostProblem(entry: string): string | undefined {
  const trimmed = entry.trim().toLowerCase();
  if (trimmed === '') return 'is empty; give a host name such as flowhook.example.com';
  if (trimmed.includes('://') || trimmed.includes('/')) return `${JSON.stringify(entry)} is a URL; give only its host name, e.g. "flowhook.example.com"`;
  if (trimmed === '*' || trimmed === '.' || trimmed.startsWith('*')) return `${JSON.stringify(entry)} would allow every name, which is what DNS rebinding needs; list the names instead, or ".example.com" for a domain`;
  if (isIpv6(trimmed)) return undefined;
  const name = trimmed.startsWith('.') ? trimmed.slice(1) : trimmed;
  if (!HOST_NAME.test(name)) return `${JSON.stringify(entry)} is not a host name (letters, digits, "-", "_" and dots; no port)`;
  return undefined;
}

/** The host of a Host header, normalised as entries are, or undefined when it is not one. */
export function hostOfHeader(value: string): string | undefined {
  const match = HOST_HEADER.exec(value.trim().toLowerCase());
  if (!match?.[1]) return undefined;
  const port = match[2];
  if (port !== undefined && Number(port) > 65_535) return undefined;
  const host = match[1];
  if (host.startsWith('[')) return isIpv6(host) ? normaliseIpv6(host) : undefined;
  if (!HOST_NAME.test(host)) return undefined;
  return normaliseName(host);
}

/** Whether `host` (a name or an address, as `--host` or a peer's address) is this machine's loopback: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const lower = host.toLowerCase().replace(/\.$/, '');
  if (lower === 'localhost' || lower.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(lower)) return true;
  if (!isIpv6(lower)) return false;
  const address = normaliseIpv6(lower);
  return address === '[::1]' || IPV4_MAPPED_LOOPBACK.test(address);
}

function normaliseEntry(entry: string): string {
  const trimmed = entry.trim().toLowerCase();
  if (isIpv6(trimmed)) return normaliseIpv6(trimmed);
  return trimmed.startsWith('.') ? `.${normaliseName(trimmed.slice(1))}` : normaliseName(trimmed);
}

/** `Example.COM.` → `example.com`; `127.1` → `127.0.0.1`, as a browser would send it. */
function normaliseName(name: string): string {
  const bare = name.replace(/\.$/, '');
  try {
    return new URL(`http://${bare}`).hostname;
  } catch {
    return bare;
  }
}

function isIpv6(text: string): boolean {
  const match = IPV6.exec(text);
  if (!match?.[1] || !match[1].includes(':')) return false;
  return URL.canParse(`http://[${match[1]}]`);
}

/** `::1`, `[0:0::1]` → `[::1]`. */
function normaliseIpv6(text: string): string {
  const bare = IPV6.exec(text)?.[1] ?? text;
  return new URL(`http://[${bare}]`).hostname;
}
