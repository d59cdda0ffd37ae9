import { describe, expect, it } from 'vitest';
import { Sessions } from '../../src/api/sessions.js';

describe('Sessions', () => {
  it('keeps a session until its time is up', () => {
    let now = 0;
    const sessions = new Sessions({ ttlMs: 1000, clock: () => now });
    const id = sessions.create();
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    now = 999;
    expect(sessions.isActive(id)).toBe(true);
    now = 1000;
    expect(sessions.isActive(id)).toBe(false);
    now = 0;
    expect(sessions.isActive(id)).toBe(false);
  });

  it('knows only the ids it gave out', () => {
    const sessions = new Sessions();
    const id = sessions.create();
    expect(sessions.isActive(`${id}x`)).toBe(false);
    expect(sessions.isActive('')).toBe(false);
  });

  it('ends the oldest session when one more than the most it keeps logs in', () => {
    const sessions = new Sessions({ maxSessions: 2 });
    const [first, second, third] = [sessions.create(), sessions.create(), sessions.create()];
    expect([first, second, third].map((id) => sessions.isActive(id))).toEqual([false, true, true]);
  });

  it('refuses settings that make no sense', () => {
    expect(() => new Sessions({ ttlMs: 0 })).toThrow(new TypeError('"ttlMs" must be a positive number, not 0'));
    expect(() => new Sessions({ maxSessions: 1.5 })).toThrow(new TypeError('"maxSessions" must be a positive integer, not 1.5'));
  });
});
