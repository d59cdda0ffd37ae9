import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAddress, describeAddressClass, type AddressScope } from '../../src/core/address-class.js';

/**
 * Every entry of IANA's IPv4 and IPv6 Special-Purpose Address Registries (plus multicast, IPv6
 * site-local and space outside 2000::/3), with an address inside it and the scope flowhook gives it:
 * only `public` targets are allowed by default; `loopback` and `private` ones with --allow-local.
 */
const IPV4_REGISTRY: ReadonlyArray<[string, string, string, AddressScope]> = [
  ['0.0.0.0/8', '0.1.2.3', '"This network"', 'special'],
  ['0.0.0.0/32', '0.0.0.0', '"This host on this network"', 'special'],
  ['10.0.0.0/8', '10.20.30.40', 'Private-Use', 'private'],
  ['100.64.0.0/10', '100.127.255.254', 'Shared Address Space', 'private'],
  ['127.0.0.0/8', '127.8.9.10', 'Loopback', 'loopback'],
  ['169.254.0.0/16', '169.254.169.254', 'Link Local', 'special'],
  ['172.16.0.0/12', '172.31.0.1', 'Private-Use', 'private'],
  ['192.0.0.0/24', '192.0.0.200', 'IETF Protocol Assignments', 'special'],
  ['192.0.0.0/29', '192.0.0.7', 'IPv4 Service Continuity Prefix', 'special'],
  ['192.0.0.8/32', '192.0.0.8', 'IPv4 dummy address', 'special'],
  ['192.0.0.9/32', '192.0.0.9', 'Port Control Protocol Anycast', 'public'],
  ['192.0.0.10/32', '192.0.0.10', 'Traversal Using Relays around NAT Anycast', 'public'],
  ['192.0.0.170/32', '192.0.0.170', 'NAT64/DNS64 Discovery', 'special'],
  ['192.0.0.171/32', '192.0.0.171', 'NAT64/DNS64 Discovery', 'special'],
  ['192.0.2.0/24', '192.0.2.55', 'Documentation (TEST-NET-1)', 'special'],
  ['192.31.196.0/24', '192.31.196.1', 'AS112-v4', 'public'],
  ['192.52.193.0/24', '192.52.193.1', 'AMT', 'public'],
  ['192.88.99.0/24', '192.88.99.1', 'Deprecated (6to4 Relay Anycast)', 'special'],
  ['192.88.99.2/32', '192.88.99.2', '6a44-relay anycast address', 'special'],
  ['192.168.0.0/16', '192.168.1.1', 'Private-Use', 'private'],
  ['192.175.48.0/24', '192.175.48.6', 'Direct Delegation AS112 Service', 'public'],
  ['198.18.0.0/15', '198.19.255.255', 'Benchmarking', 'special'],
  ['198.51.100.0/24', '198.51.100.7', 'Documentation (TEST-NET-2)', 'special'],
  ['203.0.113.0/24', '203.0.113.9', 'Documentation (TEST-NET-3)', 'special'],
  ['224.0.0.0/4', '239.255.255.250', 'Multicast', 'special'],
  ['240.0.0.0/4', '250.1.2.3', 'Reserved', 'special'],
  ['255.255.255.255/32', '255.255.255.255', 'Limited Broadcast', 'special'],
];

const IPV6_REGISTRY: ReadonlyArray<[string, string, string, AddressScope]> = [
  ['::1/128', '::1', 'Loopback Address', 'loopback'],
  ['::/128', '::', 'Unspecified Address', 'special'],
  ['64:ff9b:1::/48', '64:ff9b:1::a00:1', 'IPv4-IPv6 Translation (local use)', 'special'],
  ['100::/64', '100::1', 'Discard-Only Address Block', 'special'],
  ['100:0:0:1::/64', '100:0:0:1::1', 'Dummy IPv6 Prefix', 'special'],
  ['2001::/23', '2001:100::1', 'IETF Protocol Assignments', 'special'],
  ['2001:1::1/128', '2001:1::1', 'Port Control Protocol Anycast', 'public'],
  ['2001:1::2/128', '2001:1::2', 'TURN Anycast', 'public'],
  ['2001:1::3/128', '2001:1::3', 'DNS-SD Service Registration Protocol Anycast', 'public'],
  ['2001:2::/48', '2001:2::1', 'Benchmarking', 'special'],
  ['2001:3::/32', '2001:3::1', 'AMT', 'public'],
  ['2001:4:112::/48', '2001:4:112::1', 'AS112-v6', 'public'],
  ['2001:10::/28', '2001:10::1', 'Deprecated (previously ORCHID)', 'special'],
  ['2001:20::/28', '2001:20::1', 'ORCHIDv2', 'public'],
  ['2001:30::/28', '2001:30::1', 'Drone Remote ID Protocol Entity Tags (DETs) Prefix', 'public'],
  ['2001:db8::/32', '2001:db8::1', 'Documentation', 'special'],
  ['2620:4f:8000::/48', '2620:4f:8000::1', 'Direct Delegation AS112 Service', 'public'],
  ['3fff::/20', '3fff:fff::1', 'Documentation', 'special'],
  ['5f00::/16', '5f00::1', 'Segment Routing (SRv6) SIDs', 'special'],
  ['fc00::/7', 'fd12:3456::1', 'Unique-Local', 'private'],
  ['fe80::/10', 'fe80::1', 'Link-Local Unicast', 'special'],
  ['fec0::/10', 'fec0::1', 'Site-Local (deprecated)', 'special'],
  ['ff00::/8', 'ff02::1', 'Multicast', 'special'],
  ['::/3', '1234::1', 'Reserved by IETF', 'special'],
  ['4000::/2', '4000::1', 'Reserved by IETF', 'special'],
  ['8000::/1', 'c000::1', 'Reserved by IETF', 'special'],
];

/** IPv6 forms that embed an IPv4 address, each judged by the IPv4 address it embeds. */
const EMBEDDED: ReadonlyArray<[string, string, string, string, AddressScope, string]> = [
  ['IPv4-mapped', '::ffff:127.0.0.1', '::ffff:0:0/96', '127.0.0.1', 'loopback', 'Loopback'],
  ['IPv4-mapped, hex', '::ffff:7f00:1', '::ffff:0:0/96', '127.0.0.1', 'loopback', 'Loopback'],
  ['IPv4-translated', '::ffff:0:7f00:1', '::ffff:0:0:0/96', '127.0.0.1', 'loopback', 'Loopback'],
  ['IPv4-compatible', '::127.0.0.1', '::/96', '127.0.0.1', 'loopback', 'Loopback'],
  ['IPv4-compatible, "this network"', '::2', '::/96', '0.0.0.2', 'special', '"This network"'],
  ['NAT64', '64:ff9b::7f00:1', '64:ff9b::/96', '127.0.0.1', 'loopback', 'Loopback'],
  ['NAT64 of the metadata address', '64:ff9b::169.254.169.254', '64:ff9b::/96', '169.254.169.254', 'special', 'Link Local'],
  ['6to4', '2002:7f00:1::1', '2002::/16', '127.0.0.1', 'loopback', 'Loopback'],
  ['6to4 of a private address', '2002:c0a8:101::', '2002::/16', '192.168.1.1', 'private', 'Private-Use'],
  ['Teredo, client 127.0.0.1 (inverted)', '2001:0:4136:e378:8000:63bf:80ff:fffe', '2001::/32', '127.0.0.1', 'loopback', 'Loopback'],
  ['Teredo, server 10.0.0.1', '2001:0:a00:1:8000:63bf:f7f7:f7f7', '2001::/32', '10.0.0.1', 'private', 'Private-Use'],
];

describe('classifyAddress', () => {
  it.each(IPV4_REGISTRY)('classes IPv4 %s (%s) as %s, %s', (network, address, name, scope) => {
    expect(classifyAddress(address)).toEqual({ scope, name, network });
  });

  it.each(IPV6_REGISTRY)('classes IPv6 %s (%s) as %s, %s', (network, address, name, scope) => {
    expect(classifyAddress(address)).toEqual({ scope, name, network });
  });

  it.each(EMBEDDED)('judges the %s form %s by the IPv4 address it embeds', (_form, address, network, ipv4, scope, name) => {
    const found = classifyAddress(address);
    expect(found?.scope).toBe(scope);
    expect(found?.name).toBe(name);
    expect(found?.embeds).toMatchObject({ network, ipv4 });
  });

  it.each(['::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '::8.8.8.8', '2001:0:4136:e378:8000:63bf:f7f7:f7f7'])(
    'keeps %s public when the IPv4 address it embeds is public',
    (address) => {
      expect(classifyAddress(address)?.scope).toBe('public');
    },
  );

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '172.15.255.255', '100.128.0.1', '192.169.0.1', '198.20.0.1', '223.255.255.255', '2606:4700::1111', '2a00:1450::1'])(
    'classes %s as an ordinary public address',
    (address) => {
      expect(classifyAddress(address)).toEqual({ scope: 'public' });
    },
  );

  it.each([
    ['[::127.0.0.1]', '::127.0.0.1', 'loopback'],
    ['[64:ff9b::7f00:1]', '64:ff9b::7f00:1', 'loopback'],
    ['2002::/16 (6to4)', '2002:a00:1::', 'private'],
    ['[::ffff:0:…]', '::ffff:0:a00:1', 'private'],
    ['198.18.0.0/15', '198.18.0.1', 'special'],
    ['224.0.0.0/4', '224.0.0.1', 'special'],
    ['240.0.0.0/4', '240.0.0.1', 'special'],
    ['255.255.255.255', '255.255.255.255', 'special'],
  ])('no longer classes the audit\'s %s as public', (_example, address, scope) => {
    expect(classifyAddress(address)?.scope).toBe(scope);
  });

  it('accepts an IPv6 zone and upper-case hex', () => {
    expect(classifyAddress('fe80::1%eth0')).toMatchObject({ scope: 'special', name: 'Link-Local Unicast' });
    expect(classifyAddress('FD00::1')).toMatchObject({ scope: 'private' });
  });

  it.each(['localhost', 'example.com', '', '127.0.0.1.', '1.2.3', '::ffff:1.2.3.4.5', '[::1]'])('returns undefined for %j, which is not an IP address', (text) => {
    expect(classifyAddress(text)).toBeUndefined();
  });

  it('classes every IPv4 address, and an IPv4-mapped address as its IPv4 address (2,000 runs)', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ipv4) => {
        const direct = classifyAddress(ipv4);
        expect(direct).toBeDefined();
        expect(classifyAddress(`::ffff:${ipv4}`)?.scope).toBe(direct?.scope);
        expect(classifyAddress(`64:ff9b::${ipv4}`)?.scope).toBe(direct?.scope);
      }),
      { numRuns: 2000 },
    );
  });

  it('classes every IPv6 address without throwing (2,000 runs)', () => {
    fc.assert(
      fc.property(fc.ipV6(), (ipv6) => {
        expect(['public', 'loopback', 'private', 'special']).toContain(classifyAddress(ipv6)?.scope);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('describeAddressClass', () => {
  it('names the block, and the form that embeds an IPv4 address', () => {
    expect(describeAddressClass({ scope: 'special', name: 'Benchmarking', network: '198.18.0.0/15' })).toBe('Benchmarking, 198.18.0.0/15');
    expect(describeAddressClass(classifyAddress('64:ff9b::7f00:1') ?? { scope: 'public' })).toBe(
      'Loopback, 127.0.0.0/8, embedded as 127.0.0.1 in the IPv4-IPv6 Translation (NAT64) form 64:ff9b::/96',
    );
    expect(describeAddressClass({ scope: 'public' })).toBe('a public address');
  });
});
