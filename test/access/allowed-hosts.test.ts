import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedHostProblem, allowedHosts, hostOfHeader, isLoopbackHost, LOOPBACK_HOSTS } from '../../src/access/allowed-hosts.js';

const LABEL = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const NAME = fc.array(LABEL, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
const PORT = fc.integer({ min: 1, max: 65_535 });

describe('allowedHosts()', () => {
  it('allows localhost, 127.0.0.1 and [::1] with any port or none, in any letter case', () => {
    const hosts = allowedHosts();
    expect(hosts.entries).toEqual([...LOOPBACK_HOSTS]);
    // 200 runs: every port, with and without one.
    fc.assert(
      fc.property(fc.constantFrom('localhost', 'LocalHost', '127.0.0.1', '[::1]', '[0:0:0:0:0:0:0:1]', 'localhost.'), fc.option(PORT), (host, port) => {
        expect(hosts.allows(port === null ? host : `${host}:${port}`)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses every other name, also one that starts or ends like an allowed one', () => {
    const hosts = allowedHosts(['flowhook.example.com', '.corp.example']);
    // 500 runs of random names, with a port or without.
    fc.assert(
      fc.property(NAME, fc.option(PORT), (name, port) => {
        fc.pre(!['localhost', 'flowhook.example.com', 'corp.example'].includes(name) && !name.endsWith('.corp.example'));
        expect(hosts.allows(port === null ? name : `${name}:${port}`)).toBe(false);
      }),
      { numRuns: 500 },
    );
    for (const host of ['localhost.attacker.example', 'attacker.localhost.example', 'flowhook.example.com.evil', 'xcorp.example', '127.0.0.2', '[::2]', '0.0.0.0']) {
      expect({ host, allowed: hosts.allows(host) }).toEqual({ host, allowed: false });
    }
  });

  it('allows a domain entry and every name under it', () => {
    const hosts = allowedHosts(['.Corp.Example.']);
    expect(hosts.entries).toContain('.corp.example');
    for (const host of ['corp.example', 'a.corp.example', 'a.b.corp.example:8080']) expect(hosts.allows(host)).toBe(true);
  });

  it('refuses a Host header that is no host at all', () => {
    const hosts = allowedHosts(['flowhook.example.com']);
    for (const header of [undefined, '', ' ', 'user@localhost', 'localhost/x', 'localhost:99999', 'localhost:80:80', '[::1', 'http://localhost', 'local host', 'localhost:']) {
      expect({ header, allowed: hosts.allows(header) }).toEqual({ header, allowed: false });
    }
  });
});

describe('hostOfHeader()', () => {
  it('normalises as a browser writes a host', () => {
    expect(hostOfHeader('Example.COM:8080')).toBe('example.com');
    expect(hostOfHeader('[0::1]:80')).toBe('[::1]');
    expect(hostOfHeader('127.1')).toBe('127.0.0.1');
    expect(hostOfHeader('name.example.')).toBe('name.example');
  });
});

describe('allowedHostProblem()', () => {
  it('takes names, domains and addresses', () => {
    for (const entry of ['flowhook.example.com', '.example.com', '10.0.0.5', '::1', '[fe80::1]', 'my_host']) expect(allowedHostProblem(entry)).toBeUndefined();
  });

  it('says what is wrong with anything else', () => {
    expect(allowedHostProblem('https://flowhook.example.com')).toBe('"https://flowhook.example.com" is a URL; give only its host name, e.g. "flowhook.example.com"');
    expect(allowedHostProblem('*')).toBe('"*" would allow every name, which is what DNS rebinding needs; list the names instead, or ".example.com" for a domain');
    expect(allowedHostProblem('flowhook.example.com:8080')).toBe('"flowhook.example.com:8080" is not a host name (letters, digits, "-", "_" and dots; no port)');
    expect(allowedHostProblem(' ')).toBe('is empty; give a host name such as flowhook.example.com');
  });
});

describe('isLoopbackHost()', () => {
  it('knows this machine’s loopback names and addresses, as a bind address or a peer', () => {
    for (const host of ['localhost', '127.0.0.1', '127.8.9.10', '::1', '[::1]', '::ffff:127.0.0.1']) expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: true });
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.5', 'flowhook.example.com', '::ffff:10.0.0.1']) expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: false });
  });
});
