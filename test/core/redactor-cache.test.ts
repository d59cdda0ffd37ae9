import { describe, expect, it } from 'vitest';
import { redactorCache } from '../../src/core/redactor-cache.js';

describe('redactorCache', () => {
  it("redacts the config's secrets and the credential after an authorisation header's scheme", () => {
    const redactorFor = redactorCache(['tok-config-1234']);
    const redact = redactorFor({ headers: { authorization: 'Bearer access-5678' } });
    expect(redact('sent tok-config-1234 with access-5678')).toBe('sent [REDACTED] with [REDACTED]');
  });

  it('keeps the redactor of credentials it has seen, and builds one for a new token', () => {
    const redactorFor = redactorCache([]);
    const first = redactorFor({ headers: { authorization: 'Bearer access-5678' } });
    expect(redactorFor({ headers: { authorization: 'Bearer access-5678' } })).toBe(first);
    const next = redactorFor({ headers: { authorization: 'Bearer access-9999' } });
    expect(next).not.toBe(first);
    expect(next('access-9999 replaced access-5678')).toBe('[REDACTED] replaced access-5678');
  });
});
