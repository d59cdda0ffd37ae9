/**
 * What kind of address an IP address is, by IANA's IPv4 and IPv6 Special-Purpose Address Registries
 * (plus IPv4 multicast, IPv6 multicast and site-local, and IPv6 outside 2000::/3, which is not routed on
 * the internet). An IPv6 form that embeds an IPv4 address (IPv4-mapped, IPv4-translated,
 * IPv4-compatible, NAT64, 6to4, Teredo) is judged by the IPv4 address it embeds: that is where the
 * packets end up.
 * @see https://www.iana.org/assignments/iana-ipv4-special-registry/
 * @see https://www.iana.org/assignments/iana-ipv6-special-registry/
 */
import { BlockList, isIP } from 'node:net';

/**
 * `public`: routed on the internet (including special-purpose blocks IANA marks globally reachable);
 * `loopback` and `private`: what `--allow-local` allows; `special`: every other special-purpose block.
 */
export type AddressScope = 'public' | 'loopback' | 'private' | 'special';

export interface AddressClass {
  readonly scope: AddressScope;
  /** The registry entry the address falls in ("Loopback", "Benchmarking"); absent for an ordinary public address. */
  readonly name?: string;
  /** That entry's block: `127.0.0.0/8`. */
  readonly network?: string;
  /** The IPv4 address an IPv6 form embeds, which the address was judged by. */
  readonly embeds?: { readonly form: string; readonly network: string; readonly ipv4: string };
}

type Family = 'ipv4' | 'ipv6';

/** Extracts the IPv4 addresses an IPv6 form embeds from its eight 16-bit groups. */
type Embedded = (groups: readonly number[]) => number[][];

interface Entry {
  network: string;
  name: string;
  scope: AddressScope;
  embedded?: Embedded;
}

const low32: Embedded = (g) => [[g[6] ?? 0, g[7] ?? 0]];

const IPV4_ENTRIES: readonly Entry[] = [
  { network: '0.0.0.0/8', name: '"This network"', scope: 'special' },
  { network: '0.0.0.0/32', name: '"This host on this network"', scope: 'special' },
  { network: '10.0.0.0/8', name: 'Private-Use', scope: 'private' },
  { network: '100.64.0.0/10', name: 'Shared Address Space', scope: 'private' },
  { network: '127.0.0.0/8', name: 'Loopback', scope: 'loopback' },
  { network: '169.254.0.0/16', name: 'Link Local', scope: 'special' },
  { network: '172.16.0.0/12', name: 'Private-Use', scope: 'private' },
  { network: '192.0.0.0/24', name: 'IETF Protocol Assignments', scope: 'special' },
  { network: '192.0.0.0/29', name: 'IPv4 Service Continuity Prefix', scope: 'special' },
  { network: '192.0.0.8/32', name: 'IPv4 dummy address', scope: 'special' },
  { network: '192.0.0.9/32', name: 'Port Control Protocol Anycast', scope: 'public' },
  { network: '192.0.0.10/32', name: 'Traversal Using Relays around NAT Anycast', scope: 'public' },
  { network: '192.0.0.170/32', name: 'NAT64/DNS64 Discovery', scope: 'special' },
  { network: '192.0.0.171/32', name: 'NAT64/DNS64 Discovery', scope: 'special' },
  { network: '192.0.2.0/24', name: 'Documentation (TEST-NET-1)', scope: 'special' },
  { network: '192.31.196.0/24', name: 'AS112-v4', scope: 'public' },
  { network: '192.52.193.0/24', name: 'AMT', scope: 'public' },
  { network: '192.88.99.0/24', name: 'Deprecated (6to4 Relay Anycast)', scope: 'special' },
  { network: '192.88.99.2/32', name: '6a44-relay anycast address', scope: 'special' },
  { network: '192.168.0.0/16', name: 'Private-Use', scope: 'private' },
  { network: '192.175.48.0/24', name: 'Direct Delegation AS112 Service', scope: 'public' },
  { network: '198.18.0.0/15', name: 'Benchmarking', scope: 'special' },
  { network: '198.51.100.0/24', name: 'Documentation (TEST-NET-2)', scope: 'special' },
  { network: '203.0.113.0/24', name: 'Documentation (TEST-NET-3)', scope: 'special' },
  { network: '224.0.0.0/4', name: 'Multicast', scope: 'special' },
  { network: '240.0.0.0/4', name: 'Reserved', scope: 'special' },
  { network: '255.255.255.255/32', name: 'Limited Broadcast', scope: 'special' },
];

const IPV6_ENTRIES: readonly Entry[] = [
  { network: '::1/128', name: 'Loopback Address', scope: 'loopback' },
  { network: '::/128', name: 'Unspecified Address', scope: 'special' },
  { network: '::/96', name: 'IPv4-compatible Address (deprecated)', scope: 'special', embedded: low32 },
  { network: '::ffff:0:0/96', name: 'IPv4-mapped Address', scope: 'special', embedded: low32 },
  { network: '::ffff:0:0:0/96', name: 'IPv4-translated Address', scope: 'special', embedded: low32 },
  { network: '64:ff9b::/96', name: 'IPv4-IPv6 Translation (NAT64)', scope: 'public', embedded: low32 },
  { network: '64:ff9b:1::/48', name: 'IPv4-IPv6 Translation (local use)', scope: 'special' },
  { network: '100::/64', name: 'Discard-Only Address Block', scope: 'special' },
  { network: '100:0:0:1::/64', name: 'Dummy IPv6 Prefix', scope: 'special' },
  { network: '2001::/23', name: 'IETF Protocol Assignments', scope: 'special' },
  // Teredo embeds its server's address and, inverted, its client's.
  { network: '2001::/32', name: 'TEREDO', scope: 'public', embedded: (g) => [[g[2] ?? 0, g[3] ?? 0], [~(g[6] ?? 0) & 0xffff, ~(g[7] ?? 0) & 0xffff]] },
  { network: '2001:1::1/128', name: 'Port Control Protocol Anycast', scope: 'public' },
  { network: '2001:1::2/128', name: 'TURN Anycast', scope: 'public' },
  { network: '2001:1::3/128', name: 'DNS-SD Service Registration Protocol Anycast', scope: 'public' },
  { network: '2001:2::/48', name: 'Benchmarking', scope: 'special' },
  { network: '2001:3::/32', name: 'AMT', scope: 'public' },
  { network: '2001:4:112::/48', name: 'AS112-v6', scope: 'public' },
  { network: '2001:10::/28', name: 'Deprecated (previously ORCHID)', scope: 'special' },
  { network: '2001:20::/28', name: 'ORCHIDv2', scope: 'public' },
  { network: '2001:30::/28', name: 'Drone Remote ID Protocol Entity Tags (DETs) Prefix', scope: 'public' },
  { network: '2001:db8::/32', name: 'Documentation', scope: 'special' },
  { network: '2002::/16', name: '6to4', scope: 'public', embedded: (g) => [[g[1] ?? 0, g[2] ?? 0]] },
  { network: '2620:4f:8000::/48', name: 'Direct Delegation AS112 Service', scope: 'public' },
  { network: '3fff::/20', name: 'Documentation', scope: 'special' },
  { network: '5f00::/16', name: 'Segment Routing (SRv6) SIDs', scope: 'special' },
  { network: 'fc00::/7', name: 'Unique-Local', scope: 'private' },
  { network: 'fe80::/10', name: 'Link-Local Unicast', scope: 'special' },
  { network: 'fec0::/10', name: 'Site-Local (deprecated)', scope: 'special' },
  { network: 'ff00::/8', name: 'Multicast', scope: 'special' },
  // Only 2000::/3 is global unicast; the rest of the space is reserved by the IETF.
  { network: '::/3', name: 'Reserved by IETF', scope: 'special' },
  { network: '4000::/2', name: 'Reserved by IETF', scope: 'special' },
  { network: '8000::/1', name: 'Reserved by IETF', scope: 'special' },
];

interface CompiledEntry extends Entry {
  prefix: number;
  list: BlockList;
}

/** Longest prefix first, so that the most specific entry an address falls in is the first that matches. */
function compile(entries: readonly Entry[], family: Family): { entries: CompiledEntry[]; any: BlockList } {
  const any = new BlockList();
  const compiled = entries.map((entry) => {
    const [address = '', prefix = ''] = entry.network.split('/');
    const list = new BlockList();
    list.addSubnet(address, Number(prefix), family);
    any.addSubnet(address, Number(prefix), family);
    return { ...entry, prefix: Number(prefix), list };
  });
  return { entries: compiled.sort((a, b) => b.prefix - a.prefix), any };
}

const REGISTRIES: Readonly<Record<Family, { entries: CompiledEntry[]; any: BlockList }>> = {
  ipv4: compile(IPV4_ENTRIES, 'ipv4'),
  ipv6: compile(IPV6_ENTRIES, 'ipv6'),
};

const PUBLIC: AddressClass = Object.freeze({ scope: 'public' });

/** How many addresses' classes are kept: a sender talks to few addresses, and a BlockList check costs microseconds. */
const CLASSES_KEPT = 1024;
const classified = new Map<string, AddressClass | undefined>();

/** The class of `ip` (an IPv4 or IPv6 address, an IPv6 zone allowed); undefined when it is not an IP address. */
export function classifyAddress(ip: string): AddressClass | undefined {
  if (classified.has(ip)) return classified.get(ip);
  const found = classify(ip);
  if (classified.size >= CLASSES_KEPT) classified.clear();
  classified.set(ip, found);
  return found;
}

function classify(ip: string): AddressClass | undefined {
  const address = ip.replace(/%.*$/, '');
  const version = isIP(address);
  if (version === 4) return classifyIn('ipv4', address);
  if (version !== 6) return undefined;
  const entry = entryOf('ipv6', address);
  if (entry === undefined) return PUBLIC;
  if (entry.embedded === undefined) return classOf(entry);
  const judged = entry.embedded(ipv6Groups(address))
    .map((halves) => ipv4Text(halves))
    .map((ipv4) => ({ ipv4, found: classifyIn('ipv4', ipv4) }))
    .sort((a, b) => SEVERITY[b.found.scope] - SEVERITY[a.found.scope])[0];
  if (judged === undefined) return classOf(entry);
  const embeds = { form: entry.name, network: entry.network, ipv4: judged.ipv4 };
  return Object.freeze({ ...(judged.found.scope === 'public' ? { scope: 'public' as const, name: entry.name, network: entry.network } : judged.found), embeds });
}

/** One phrase for people: `Loopback, 127.0.0.0/8`, with the IPv6 form that embeds it when there is one. */
export function describeAddressClass(found: AddressClass): string {
  const block = found.name === undefined ? 'a public address' : `${found.name}, ${found.network ?? ''}`;
  if (found.embeds === undefined) return block;
  return `${block}, embedded as ${found.embeds.ipv4} in the ${found.embeds.form} form ${found.embeds.network}`;
}

/** Where a network or address is in the registries is worse the further it is from public. */
const SEVERITY: Readonly<Record<AddressScope, number>> = { public: 0, private: 1, loopback: 2, special: 3 };

function classifyIn(family: Family, address: string): AddressClass {
  const entry = entryOf(family, address);
  return entry === undefined ? PUBLIC : classOf(entry);
}

function entryOf(family: Family, address: string): CompiledEntry | undefined {
  const registry = REGISTRIES[family];
  if (!registry.any.check(address, family)) return undefined;
  return registry.entries.find((entry) => entry.list.check(address, family));
}

const classes = new WeakMap<CompiledEntry, AddressClass>();

function classOf(entry: CompiledEntry): AddressClass {
  let found = classes.get(entry);
  if (found === undefined) {
    found = Object.freeze({ scope: entry.scope, name: entry.name, network: entry.network });
    classes.set(entry, found);
  }
  return found;
}

function ipv4Text([high = 0, low = 0]: readonly number[]): string {
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` expanded and a dotted IPv4 tail converted). */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups].map((group) => Number.parseInt(group, 16));
}
