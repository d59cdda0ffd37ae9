import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUrlRules, hostRefusal, isLocalAddress, networkProblems, targetPolicy } from '../../src/core/url-policy.js';

const HOW = 'pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1 (loopback and private ranges), or name the networks with --allow-net or FLOWHOOK_ALLOW_NET';
const NET_HOW = 'allow its network with --allow-net or FLOWHOOK_ALLOW_NET, e.g. --allow-net 127.0.0.0/8,::1/128';

describe('checkUrlRules', () => {
  it('accepts an Okta Workflows invoke URL', () => {
    expect(checkUrlRules('https://acme.workflows.okta.com/api/flo/3f9a1c2b/invoke', {})).toEqual([]);
  });

  it('accepts the HTTPS default port written out, which is no custom port', () => {
    expect(checkUrlRules('https://acme.workflows.okta.com:443/api/flo/3f9a1c2b/invoke', {})).toEqual([]);
  });

  it('refuses text that is not a URL without echoing it (it may hold a token)', () => {
    expect(checkUrlRules('acme.workflows.okta.com/api/flo/s3cret', {})).toEqual([
      { path: '$.url', message: 'is not a URL; write it as https://<host>/<path>' },
    ]);
  });

  it('refuses plain http and says how local targets may use it', () => {
    expect(checkUrlRules('http://acme.workflows.okta.com/api/flo/a/invoke', {})).toEqual([
      { path: '$.url', message: `uses "http", not HTTPS; use https:// (plain http is allowed only for local test targets: ${HOW})` },
    ]);
  });

  it('refuses a custom port', () => {
    expect(checkUrlRules('https://acme.workflows.okta.com:8443/api/flo/a/invoke', {})).toEqual([
      { path: '$.url', message: `has the custom port 8443; remove it (custom ports are allowed only for local test targets: ${HOW})` },
    ]);
  });

  it.each([
    ['https://127.0.0.1/api/flo/a/invoke', '127.0.0.1'],
    ['https://[::1]/api/flo/a/invoke', '[::1]'],
    ['https://localhost/api/flo/a/invoke', 'localhost'],
    ['https://mock.localhost/api/flo/a/invoke', 'mock.localhost'],
    ['https://10.0.0.7/x', '10.0.0.7'],
    ['https://0x7f.1/x', '127.0.0.1'],
  ])('refuses the local target %s', (url, shown) => {
    expect(checkUrlRules(url, {})).toEqual([
      { path: '$.url', message: `points at the local address ${shown}; local targets are refused unless allowed: ${HOW}` },
    ]);
  });

  it.each([
    ['https://[::ffff:192.168.1.1]/x', '[::ffff:c0a8:101]', 'Private-Use, 192.168.0.0/16, embedded as 192.168.1.1 in the IPv4-mapped Address form ::ffff:0:0/96'],
    ['https://[::127.0.0.1]/x', '[::7f00:1]', 'Loopback, 127.0.0.0/8, embedded as 127.0.0.1 in the IPv4-compatible Address (deprecated) form ::/96'],
    ['https://[64:ff9b::7f00:1]/x', '[64:ff9b::7f00:1]', 'Loopback, 127.0.0.0/8, embedded as 127.0.0.1 in the IPv4-IPv6 Translation (NAT64) form 64:ff9b::/96'],
  ])('refuses %s, naming the IPv4 address it embeds', (url, shown, why) => {
    expect(checkUrlRules(url, {})).toEqual([
      { path: '$.url', message: `points at the local address ${shown} (${why}); local targets are refused unless allowed: ${HOW}` },
    ]);
  });

  it.each([
    ['https://198.18.0.1/x', '198.18.0.1', 'Benchmarking, 198.18.0.0/15'],
    ['https://224.0.0.1/x', '224.0.0.1', 'Multicast, 224.0.0.0/4'],
    ['https://240.0.0.1/x', '240.0.0.1', 'Reserved, 240.0.0.0/4'],
    ['https://255.255.255.255/x', '255.255.255.255', 'Limited Broadcast, 255.255.255.255/32'],
    ['https://[2002:c612:1::]/x', '[2002:c612:1::]', 'Benchmarking, 198.18.0.0/15, embedded as 198.18.0.1 in the 6to4 form 2002::/16'],
    ['https://[2001:db8::1]/x', '[2001:db8::1]', 'Documentation, 2001:db8::/32'],
  ])('refuses %s as a special-purpose address, which even --allow-local does not allow', (url, shown, why) => {
    const what = `points at the special-purpose address ${shown} (${why})`;
    expect(checkUrlRules(url, {})).toEqual([{ path: '$.url', message: `${what}; it is not a public address and is refused; ${NET_HOW}` }]);
    expect(checkUrlRules(url, { allowLocal: true })).toEqual([
      { path: '$.url', message: `${what}; it is not a public address and is refused (--allow-local allows loopback and private ranges only); ${NET_HOW}` },
    ]);
  });

  it('refuses the cloud metadata address even with --allow-local', () => {
    expect(checkUrlRules('http://169.254.169.254/latest/meta-data', { allowLocal: true })).toEqual([
      {
        path: '$.url',
        message:
          'points at the special-purpose address 169.254.169.254 (Link Local, 169.254.0.0/16); it is not a public address and is refused ' +
          `(--allow-local allows loopback and private ranges only); ${NET_HOW}`,
      },
    ]);
  });

  it('reports every broken rule of one URL', () => {
    expect(checkUrlRules('http://127.0.0.1:8787/api/flo/a/invoke', {}).map((problem) => problem.message.split(';')[0])).toEqual([
      'uses "http", not HTTPS',
      'has the custom port 8787',
      'points at the local address 127.0.0.1',
    ]);
  });

  it.each(['http://127.0.0.1:8787/api/flo/a/invoke', 'http://[::1]:8787/x', 'http://10.1.2.3:8080/x', 'http://[fd00::1]/x', 'http://localhost:8787/x', 'http://100.64.0.1/x'])(
    'allows plain http, a custom port and the loopback or private address of %s with --allow-local',
    (url) => {
      expect(checkUrlRules(url, { allowLocal: true })).toEqual([]);
    },
  );

  it('still refuses a scheme other than http and https when local targets are allowed', () => {
    expect(checkUrlRules('ftp://127.0.0.1/x', { allowLocal: true })).toEqual([{ path: '$.url', message: 'uses "ftp"; use https://' }]);
  });

  describe('with --allow-net', () => {
    const allowNet = ['127.0.0.0/8', '::1/128'];

    it('allows only the networks listed, with plain http and custom ports', () => {
      expect(checkUrlRules('http://127.0.0.1:8787/api/flo/a/invoke', { allowNet })).toEqual([]);
      expect(checkUrlRules('http://[::1]:8787/x', { allowNet })).toEqual([]);
      expect(checkUrlRules('http://localhost:8787/x', { allowNet })).toEqual([]);
      expect(checkUrlRules('http://10.0.0.1:8080/x', { allowNet })).toEqual([
        {
          path: '$.url',
          message:
            'points at the local address 10.0.0.1; it is outside the networks allowed by --allow-net (127.0.0.0/8, ::1/128); ' +
            'add its network to --allow-net or FLOWHOOK_ALLOW_NET',
        },
      ]);
    });

    it('replaces the ranges of --allow-local', () => {
      expect(checkUrlRules('http://192.168.1.1/x', { allowLocal: true, allowNet })).toHaveLength(1);
    });

    it('allows a special-purpose network only when it is listed', () => {
      expect(checkUrlRules('http://198.18.0.1/x', { allowNet: ['198.18.0.0/15'] })).toEqual([]);
      expect(checkUrlRules('http://198.18.0.1/x', { allowNet })[0]?.message).toMatch(/^points at the special-purpose address 198\.18\.0\.1 \(Benchmarking, 198\.18\.0\.0\/15\); it is outside/);
    });

    it('matches an IPv6 form by the IPv4 address it embeds', () => {
      expect(checkUrlRules('http://[::ffff:127.0.0.1]/x', { allowNet: ['127.0.0.0/8'] })).toEqual([]);
      expect(checkUrlRules('http://[::127.0.0.1]/x', { allowNet: ['127.0.0.0/8'] })).toEqual([]);
    });

    it('refuses localhost when no loopback network is listed', () => {
      expect(checkUrlRules('http://localhost/x', { allowNet: ['10.0.0.0/8'] })[0]?.message).toBe(
        'points at the local address localhost; it is outside the networks allowed by --allow-net (10.0.0.0/8); add its network to --allow-net or FLOWHOOK_ALLOW_NET',
      );
    });

    it('still allows public addresses', () => {
      expect(checkUrlRules('https://acme.workflows.okta.com/api/flo/a/invoke', { allowNet })).toEqual([]);
      expect(checkUrlRules('https://8.8.8.8/x', { allowNet })).toEqual([]);
    });
  });

  it('returns problems and never throws for any string (3,000 runs)', () => {
    const host = fc.oneof(
      fc.ipV4(),
      fc.ipV6().map((ip) => `[${ip}]`),
      fc.domain(),
      fc.constantFrom('localhost', 'x.localhost', '0x7f.1', '[::]', '%', '[fe80::1%25eth0]'),
      fc.string({ maxLength: 20 }),
    );
    const url = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.tuple(fc.constantFrom('http', 'https', 'ftp', 'file', 'javascript', ''), host, fc.option(fc.nat(70_000)), fc.string({ maxLength: 30 })).map(
        ([scheme, name, port, path]) => `${scheme}://${name}${port === null ? '' : `:${port}`}/${path}`,
      ),
      fc.string({ maxLength: 200 }),
    );
    const options = fc.oneof(
      fc.constant({}),
      fc.constant({ allowLocal: true }),
      fc.constant({ allowNet: ['127.0.0.0/8', '::1/128'] }),
      fc.constant({ allowNet: ['0.0.0.0/0', '::/0'] }),
    );
    fc.assert(
      fc.property(url, options, (text, policy) => {
        const problems = checkUrlRules(text, policy);
        for (const problem of problems) {
          expect(problem.path).toBe('$.url');
          expect(typeof problem.message).toBe('string');
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('hostRefusal', () => {
  it('judges a bracketed IPv6 literal, an IPv4 literal and localhost names; other names are left to connect time', () => {
    const policy = targetPolicy({});
    expect(hostRefusal('[::1]', policy)?.what).toBe('the local address [::1]');
    expect(hostRefusal('127.0.0.2', policy)?.what).toBe('the local address 127.0.0.2');
    expect(hostRefusal('LOCALHOST.', policy)?.what).toBe('the local address LOCALHOST.');
    expect(hostRefusal('example.com', policy)).toBeUndefined();
  });
});

describe('targetPolicy', () => {
  it('is one policy per choice of local targets', () => {
    expect(targetPolicy({ allowLocal: true })).toBe(targetPolicy({ allowLocal: true }));
    expect(targetPolicy({}).key).toBe('public-only');
    expect(targetPolicy({ allowNet: ['10.0.0.0/8'] }).key).toBe('allow-net 10.0.0.0/8');
    expect(targetPolicy({ allowNet: ['10.0.0.0/8'] }).options).toEqual({ allowNet: ['10.0.0.0/8'] });
  });

  it('refuses to be made from something that is not a network', () => {
    expect(() => targetPolicy({ allowNet: ['10.0.0.0/33'] })).toThrow(TypeError);
    expect(() => targetPolicy({ allowNet: ['10.0.0.0/33'] })).toThrow('"allowNet": "10.0.0.0/33" has the prefix length "33"; use a whole number from 0 to 32');
  });
});

describe('networkProblems', () => {
  it('accepts networks and single addresses of both families', () => {
    expect(networkProblems(['127.0.0.0/8', '::1/128', '10.1.2.3', 'fd00::/8', '0.0.0.0/0'])).toEqual([]);
  });

  it.each([
    ['localhost', '"localhost" is not an IPv4 or IPv6 address or network; write e.g. 127.0.0.0/8 or ::1/128'],
    ['10.0.0.0/8/8', '"10.0.0.0/8/8" has more than one "/"; write a network as <address>/<prefix length>, e.g. 127.0.0.0/8'],
    ['::1/129', '"::1/129" has the prefix length "129"; use a whole number from 0 to 128'],
    ['10.0.0.0/', '"10.0.0.0/" has the prefix length ""; use a whole number from 0 to 32'],
    ['10.0.0.0/-1', '"10.0.0.0/-1" has the prefix length "-1"; use a whole number from 0 to 32'],
    ['fe80::1%eth0/64', '"fe80::1%eth0/64" is not an IPv4 or IPv6 address or network; write e.g. 127.0.0.0/8 or ::1/128'],
  ])('names %s and what is wrong with it', (entry, problem) => {
    expect(networkProblems([entry])).toEqual([problem]);
  });
});

describe('isLocalAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '169.254.169.254', '0.0.0.0', '198.18.0.1', '224.0.0.1', '255.255.255.255', '::', '::1', 'fc00::1', 'fe80::1%eth0', '::ffff:127.0.0.1', '::127.0.0.1', '64:ff9b::7f00:1'])(
    'treats %s as not public',
    (ip) => {
      expect(isLocalAddress(ip)).toBe(true);
    },
  );

  it.each(['8.8.8.8', '192.0.0.9', '2606:4700::1111', '::ffff:8.8.8.8', 'localhost', 'not an ip'])('treats %s as public or not an address', (ip) => {
    expect(isLocalAddress(ip)).toBe(false);
  });
});
