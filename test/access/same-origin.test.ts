import { describe, expect, it } from 'vitest';
import { isSameOrigin } from '../../src/access/same-origin.js';

describe('isSameOrigin()', () => {
  it('matches the Origin to the Host, default ports left out', () => {
    expect(isSameOrigin('http://127.0.0.1:8080', '127.0.0.1:8080')).toBe(true);
    expect(isSameOrigin('http://localhost', 'localhost')).toBe(true);
    expect(isSameOrigin('http://localhost', 'localhost:80')).toBe(true);
    expect(isSameOrigin('https://flowhook.example.com', 'flowhook.example.com')).toBe(true);
    expect(isSameOrigin('http://[::1]:8080', '[::1]:8080')).toBe(true);
    expect(isSameOrigin('http://LOCALHOST:8080', 'localhost:8080')).toBe(true);
  });

  it('refuses another host, another port, an opaque origin and anything that is not an origin', () => {
    expect(isSameOrigin('http://127.0.0.1:8081', '127.0.0.1:8080')).toBe(false);
    expect(isSameOrigin('http://localhost:8080', '127.0.0.1:8080')).toBe(false);
    expect(isSameOrigin('https://flowhook.example.com', 'flowhook.example.com:80')).toBe(false);
    expect(isSameOrigin('null', '127.0.0.1:8080')).toBe(false);
    expect(isSameOrigin('file://', 'localhost')).toBe(false);
    expect(isSameOrigin('not an origin', '127.0.0.1:8080')).toBe(false);
    expect(isSameOrigin('http://127.0.0.1:8080', '')).toBe(false);
    expect(isSameOrigin('http://a@127.0.0.1:8080', 'a@127.0.0.1:8080')).toBe(false);
  });
});
