import { describe, expect, it } from 'vitest';
import { checkUrlRules, isLocalAddress } from '../../src/core/url-policy.js';

const HOW = 'pass --allow-local or set FLOWHOOK_ALLOW_LOCAL=1';

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
    ['https://[::ffff:192.168.1.1]/x', '[::ffff:c0a8:101]'],
  ])('refuses the local target %s', (url, shown) => {
    expect(checkUrlRules(url, {})).toEqual([
      { path: '$.url', message: `points at the local address ${shown}; local targets are refused unless allowed: ${HOW}` },
    ]);
  });

  it('reports every broken rule of one URL', () => {
    expect(checkUrlRules('http://127.0.0.1:8787/api/flo/a/invoke', {}).map((problem) => problem.message.split(';')[0])).toEqual([
      'uses "http", not HTTPS',
      'has the custom port 8787',
      'points at the local address 127.0.0.1',
    ]);
  });

  it('allows plain http, a custom port and a local address when local targets are allowed', () => {
    expect(checkUrlRules('http://127.0.0.1:8787/api/flo/a/invoke', { allowLocal: true })).toEqual([]);
  });

  it('still refuses a scheme other than http and https when local targets are allowed', () => {
    expect(checkUrlRules('ftp://127.0.0.1/x', { allowLocal: true })).toEqual([{ path: '$.url', message: 'uses "ftp"; use https://' }]);
  });
});

describe('isLocalAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.10',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '::',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
  ])('treats %s as local', (ip) => {
    expect(isLocalAddress(ip)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '172.15.255.255', '100.128.0.1', '192.169.0.1', '2001:db8::1', '2606:4700::1111', '::ffff:8.8.8.8', 'localhost', 'not an ip'])(
    'treats %s as not local',
    (ip) => {
      expect(isLocalAddress(ip)).toBe(false);
    },
  );
});
