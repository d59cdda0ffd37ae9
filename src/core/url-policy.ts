/**
 * Which target URLs a webhook may use: HTTPS on the default port, and no loopback or private address
 * unless the operator allows local targets (the mock) with `--allow-local` / `FLOWHOOK_ALLOW_LOCAL=1`.
 * The address check here only sees literal addresses; the sender repeats it on the resolved address at
 * connect time, so a name that resolves to a private address is refused too.
 */
import { isIP } from 'node:net';
import type { Problem } from '../errors.js';

export const ALLOW_LOCAL_HOW = 'pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1';

/** Every rule `url` breaks, each at `$.url`; empty when it may be used. */
export function checkUrlRules(url: string, options: { allowLocal?: boolean }): Problem[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ path: '$.url', message: 'is not a URL; write it as https://<host>/<path>' }];
  }
  if (options.allowLocal === true) {
    return parsed.protocol === 'https:' || parsed.protocol === 'http:'
      ? []
      : [{ path: '$.url', message: `uses "${parsed.protocol.slice(0, -1)}"; use https://` }];
  }
  const problems: Problem[] = [];
  if (parsed.protocol !== 'https:') {
    problems.push({
      path: '$.url',
      message: `uses "${parsed.protocol.slice(0, -1)}", not HTTPS; use https:// (plain http is allowed only for local test targets: ${ALLOW_LOCAL_HOW})`,
    });
  }
  if (parsed.port !== '') {
    problems.push({
      path: '$.url',
      message: `has the custom port ${parsed.port}; remove it (custom ports are allowed only for local test targets: ${ALLOW_LOCAL_HOW})`,
    });
  }
  const host = hostAddress(parsed.hostname);
  if (isLocalHostname(host) || (isIP(host) !== 0 && isLocalAddress(host))) {
    problems.push({
      path: '$.url',
      message: `points at the local address ${parsed.hostname}; local targets are refused unless allowed: ${ALLOW_LOCAL_HOW}`,
    });
  }
  return problems;
}

/** `[::1]` (as URL.hostname gives it) → `::1`; other hosts unchanged. */
export function hostAddress(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

function isLocalHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * True for addresses that are not on the public internet: loopback, private, link-local, CGNAT,
 * unspecified, IPv6 unique-local and link-local, and IPv4-mapped IPv6 forms of any of these.
 * A string that is not an IP address is not local.
 */
export function isLocalAddress(ip: string): boolean {
  const version = isIP(ip);
  if (version === 4) return isLocalIPv4(ipv4Octets(ip));
  if (version === 6) {
    const groups = ipv6Groups(ip);
    const leadingZeros = groups.slice(0, 5).every((group) => group === 0);
    if (leadingZeros && groups[5] === 0xffff) {
      // IPv4-mapped (::ffff:a.b.c.d): the socket really talks to the embedded IPv4 address.
      return isLocalIPv4(embeddedIPv4(groups));
    }
    if (groups.every((group) => group === 0)) return true; // ::
    if (groups.slice(0, 7).every((group) => group === 0) && groups[7] === 1) return true; // ::1
    const first = groups[0] ?? 0;
    if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
    if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
    if ((first & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated, still private)
    return false;
  }
  return false;
}

function isLocalIPv4([a, b]: readonly number[]): boolean {
  if (a === undefined || b === undefined) return false;
  return (
    a === 0 || // 0.0.0.0/8 "this network", includes the unspecified address
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // 100.64.0.0/10 carrier-grade NAT
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}

function ipv4Octets(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` expanded and a dotted IPv4 tail converted). */
function ipv6Groups(ip: string): number[] {
  let text = ip.replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1] !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Octets(dotted[1]);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups].map((group) =>
    Number.parseInt(group, 16),
  );
}

function embeddedIPv4(groups: readonly number[]): number[] {
  const high = groups[6] ?? 0;
  const low = groups[7] ?? 0;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}
