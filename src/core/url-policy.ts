/**
 * Which targets a webhook may use. By default: HTTPS on the default port, to public addresses only.
 * The operator may allow local targets (the mock): `--allow-local` / `FLOWHOOK_ALLOW_LOCAL=1` allows
 * loopback and private ranges, `--allow-net <networks>` / `FLOWHOOK_ALLOW_NET` allows only the networks
 * it lists; either also allows plain http and custom ports. Public addresses stay allowed. Addresses are
 * classed by the IANA registries (address-class). The URL check here only sees literal addresses; the
 * sender repeats the address check on every resolved address at connect time, so a name that resolves
 * to a local address is refused too.
 */
import { BlockList, isIP } from 'node:net';
import type { Problem } from '../errors.js';
import { classifyAddress, describeAddressClass, type AddressClass } from './address-class.js';

export const ALLOW_LOCAL_HOW = 'pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1 (loopback and private ranges), or name the networks with --allow-net or FLOWHOOK_ALLOW_NET';
const ALLOW_NET_HOW = 'allow its network with --allow-net or FLOWHOOK_ALLOW_NET, e.g. --allow-net 127.0.0.0/8,::1/128';

/** The operator's choice of local targets; without either, only public addresses. */
export interface LocalTargetOptions {
  /** Allow loopback and private ranges, plain http and custom ports (the mock): `--allow-local`. */
  allowLocal?: boolean;
  /**
   * Allow only these networks (`127.0.0.0/8`, `::1/128`, or single addresses) beside public addresses,
   * plain http and custom ports: `--allow-net`. Replaces `allowLocal`'s ranges; an empty list is none given.
   */
  allowNet?: readonly string[];
}

/** Why an address may not be used, in two parts a message puts together. */
export interface AddressRefusal {
  /** `the local address 127.0.0.1`, `the special-purpose address 198.18.0.1 (Benchmarking, 198.18.0.0/15)` */
  readonly what: string;
  /** Why it is refused and how to allow it. */
  readonly how: string;
}

/** The options made ready to judge addresses; equal options give the same policy. */
export interface TargetPolicy {
  /** Local targets are allowed in some form, and with them plain http and custom ports. */
  readonly allowsLocal: boolean;
  /** `allow-local`, `allow-net 127.0.0.0/8,::1/128` or `public-only`: the same for equal options. */
  readonly key: string;
  /** The options it was made from. */
  readonly options: LocalTargetOptions;
  /** Why `address` (an IP address) may not be used; undefined when it may, or when it is not an IP address. */
  refusal(address: string, shown?: string): AddressRefusal | undefined;
}

/** Every problem of a list of networks, each naming the entry; empty when every entry is a network or an address. */
export function networkProblems(networks: readonly string[]): string[] {
  return networks.flatMap((network) => {
    const parsed = parseNetwork(network);
    return typeof parsed === 'string' ? [`"${network}" ${parsed}`] : [];
  });
}

const policies = new Map<string, TargetPolicy>();

/** The policy of `options`; throws a TypeError when `allowNet` lists something that is not a network. */
export function targetPolicy(options: LocalTargetOptions): TargetPolicy {
  const networks = options.allowNet === undefined || options.allowNet.length === 0 ? undefined : [...options.allowNet];
  const key = networks !== undefined ? `allow-net ${networks.join(',')}` : options.allowLocal === true ? 'allow-local' : 'public-only';
  let policy = policies.get(key);
  if (policy === undefined) {
    policy = networks === undefined ? scopePolicy(key, options.allowLocal === true) : networkPolicy(key, networks);
    policies.set(key, policy);
  }
  return policy;
}

function scopePolicy(key: string, allowLocal: boolean): TargetPolicy {
  return {
    allowsLocal: allowLocal,
    key,
    options: Object.freeze({ allowLocal }),
    refusal(address, shown = address) {
      const found = classifyAddress(address);
      if (found === undefined || found.scope === 'public') return undefined;
      if (found.scope === 'special') {
        const already = allowLocal ? ' (--allow-local allows loopback and private ranges only)' : '';
        return { what: specialAddress(shown, found), how: `it is not a public address and is refused${already}; ${ALLOW_NET_HOW}` };
      }
      if (allowLocal) return undefined;
      return { what: localAddress(shown, found), how: `local targets are refused unless allowed: ${ALLOW_LOCAL_HOW}` };
    },
  };
}

function networkPolicy(key: string, networks: readonly string[]): TargetPolicy {
  const allowed = new BlockList();
  for (const network of networks) {
    const parsed = parseNetwork(network);
    if (typeof parsed === 'string') {
      throw Object.assign(new TypeError(`"allowNet": "${network}" ${parsed}`), { code: 'ERR_INVALID_ARG_VALUE' });
    }
    allowed.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  const insideKept = new Map<string, boolean>();
  const inside = (address: string, found: AddressClass): boolean => {
    let verdict = insideKept.get(address);
    if (verdict === undefined) {
      const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      verdict = allowed.check(address, family) || (found.embeds !== undefined && allowed.check(found.embeds.ipv4, 'ipv4'));
      // Addresses repeat; a BlockList check costs microseconds.
      if (insideKept.size >= 1024) insideKept.clear();
      insideKept.set(address, verdict);
    }
    return verdict;
  };
  return {
    allowsLocal: true,
    key,
    options: Object.freeze({ allowNet: Object.freeze([...networks]) }),
    refusal(address, shown = address) {
      const found = classifyAddress(address);
      if (found === undefined || found.scope === 'public' || inside(address.replace(/%.*$/, ''), found)) return undefined;
      const what = found.scope === 'special' ? specialAddress(shown, found) : localAddress(shown, found);
      return { what, how: `it is outside the networks allowed by --allow-net (${networks.join(', ')}); add its network to --allow-net or FLOWHOOK_ALLOW_NET` };
    },
  };
}

function localAddress(shown: string, found: AddressClass): string {
  return found.embeds === undefined ? `the local address ${shown}` : `the local address ${shown} (${describeAddressClass(found)})`;
}

function specialAddress(shown: string, found: AddressClass): string {
  return `the special-purpose address ${shown} (${describeAddressClass(found)})`;
}

interface Network {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** `10.0.0.0/8`, `::1/128` or a single address; a string says what is wrong. */
function parseNetwork(text: string): Network | string {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return 'has more than one "/"; write a network as <address>/<prefix length>, e.g. 127.0.0.0/8';
  const version = isIP(address);
  if (version === 0 || address.includes('%')) return 'is not an IPv4 or IPv6 address or network; write e.g. 127.0.0.0/8 or ::1/128';
  const bits = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: bits, family: version === 4 ? 'ipv4' : 'ipv6' };
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > bits) return `has the prefix length "${prefixText}"; use a whole number from 0 to ${bits}`;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** Every rule `url` breaks, each at `$.url`; empty when it may be used. */
export function checkUrlRules(url: string, options: LocalTargetOptions): Problem[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ path: '$.url', message: 'is not a URL; write it as https://<host>/<path>' }];
  }
  const policy = targetPolicy(options);
  const problems: Problem[] = [];
  if (policy.allowsLocal) {
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      problems.push({ path: '$.url', message: `uses "${parsed.protocol.slice(0, -1)}"; use https://` });
    }
  } else {
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
  }
  const refusal = hostRefusal(parsed.hostname, policy);
  if (refusal !== undefined) problems.push({ path: '$.url', message: `points at ${refusal.what}; ${refusal.how}` });
  return problems;
}

/**
 * Why the host of a URL (`URL.hostname`: a name, an IPv4 address or a bracketed IPv6 address) may not
 * be used by what it says itself: its literal address, or a `localhost` name, which is loopback.
 */
export function hostRefusal(hostname: string, policy: TargetPolicy): AddressRefusal | undefined {
  const host = hostAddress(hostname);
  if (isIP(host) !== 0) return policy.refusal(host, hostname);
  if (!isLocalhostName(host)) return undefined;
  const loopback = [policy.refusal('127.0.0.1', hostname), policy.refusal('::1', hostname)];
  return loopback.includes(undefined) ? undefined : loopback[0];
}

/** `[::1]` (as URL.hostname gives it) → `::1`; other hosts unchanged. */
export function hostAddress(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * True for addresses that are not public: loopback, private and every other special-purpose block of
 * the IANA registries (IPv6 forms that embed an IPv4 address judged by that address). A string that
 * is not an IP address is not local.
 */
export function isLocalAddress(ip: string): boolean {
  const found = classifyAddress(ip);
  return found !== undefined && found.scope !== 'public';
}
