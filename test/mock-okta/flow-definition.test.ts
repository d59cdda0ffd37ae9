import { describe, expect, it } from 'vitest';
import { checkFlowDefinition, flowInvalid } from '../../mock-okta/flow-definition.js';

const context = { alias: 'abc', root: '$', tokenOwner: (): string | undefined => undefined };

describe('checkFlowDefinition', () => {
  it('accepts a full definition', () => {
    expect(
      checkFlowDefinition(
        {
          alias: 'abc',
          security: 'clientToken',
          clientToken: 'tok',
          active: false,
          rateLimitPerSecond: 0,
          responses: [
            { status: 500, headers: { 'Retry-After': '1' }, body: 'busy', delayMs: 10 },
            { fault: 'malformed', body: { ok: true } },
            { fault: 'reset', delayMs: 5 },
            { body: { ok: true } },
          ],
        },
        context,
      ),
    ).toEqual([]);
  });

  it('names unknown fields, wrong types and unknown faults by JSON path under the given root', () => {
    const problems = checkFlowDefinition(
      { security: 'public', colour: 'red', active: 'yes', responses: [{ fault: 'explode' }] },
      { ...context, root: '$.flows[1]' },
    );
    expect(problems).toEqual([
      { path: '$.flows[1].colour', message: 'is not a known field' },
      { path: '$.flows[1].active', message: 'must be boolean' },
      { path: '$.flows[1].responses[0].fault', message: 'must be one of "reset", "empty", "malformed", "timeout"' },
    ]);
  });

  it('allows only 200 and 400–599 as status, as Okta\'s Return Raw card does', () => {
    expect(checkFlowDefinition({ security: 'public', responses: [{ status: 302 }, { status: 404 }] }, context)).toEqual([
      { path: '$.responses[0].status', message: "must be 200 or between 400 and 599 (what Okta's Return Raw card allows), got 302" },
    ]);
  });

  it('requires a client token for the clientToken level, refuses it elsewhere, and keeps tokens unique', () => {
    expect(checkFlowDefinition({ security: 'clientToken' }, context)).toEqual([
      { path: '$.clientToken', message: 'is required when "security" is "clientToken"' },
    ]);
    expect(checkFlowDefinition({ security: 'public', clientToken: 'tok' }, context)).toEqual([
      { path: '$.clientToken', message: 'is only used when "security" is "clientToken", not "public"' },
    ]);
    expect(checkFlowDefinition({ security: 'clientToken', clientToken: 'tok' }, { ...context, tokenOwner: () => 'other' })).toEqual([
      { path: '$.clientToken', message: 'is already the client token of flow "other"' },
    ]);
    expect(checkFlowDefinition({ security: 'clientToken', clientToken: 'tok' }, { ...context, tokenOwner: () => 'abc' })).toEqual([]);
  });

  it('says that a client token left as [REDACTED] has no stored token to stand for', () => {
    expect(checkFlowDefinition({ security: 'clientToken', clientToken: '[REDACTED]' }, context)).toEqual([
      { path: '$.clientToken', message: 'is [REDACTED], and flow "abc" has no client token to keep; send the token itself' },
    ]);
    expect(checkFlowDefinition({ security: 'clientToken', clientToken: 'tok en' }, context)).toEqual([
      { path: '$.clientToken', message: 'must be 1 to 256 letters, digits or "-._~"' },
    ]);
  });

  it('says which fields a silent fault would ignore', () => {
    expect(checkFlowDefinition({ security: 'public', responses: [{ fault: 'empty', status: 500, body: 'x' }] }, context)).toEqual([
      { path: '$.responses[0].status', message: 'has no effect with fault "empty", which sends no answer; remove it' },
      { path: '$.responses[0].body', message: 'has no effect with fault "empty", which sends no answer; remove it' },
    ]);
  });

  it('refuses headers the mock sets and headers HTTP cannot carry', () => {
    expect(
      checkFlowDefinition(
        { security: 'public', responses: [{ headers: { 'Content-Length': '5', 'x-ok': 'a\r\nb', 'bad name': 'v' } }] },
        context,
      ),
    ).toEqual([
      { path: '$.responses[0].headers["Content-Length"]', message: 'is set by the mock; remove it' },
      { path: '$.responses[0].headers["x-ok"]', message: 'is not a valid HTTP header (a token name, and a value without line breaks or control characters)' },
      { path: '$.responses[0].headers["bad name"]', message: 'is not a valid HTTP header (a token name, and a value without line breaks or control characters)' },
    ]);
  });

  it('says patterns in words and insists that a given alias matches the path', () => {
    expect(checkFlowDefinition({ security: 'clientToken', clientToken: 'has space' }, context)).toEqual([
      { path: '$.clientToken', message: 'must be 1 to 256 letters, digits or "-._~"' },
    ]);
    expect(checkFlowDefinition({ alias: 'xyz', security: 'public' }, context)).toEqual([
      { path: '$.alias', message: 'must equal the alias in the path ("abc") when given' },
    ]);
  });
});

describe('flowInvalid', () => {
  it('puts the first problem in the message and every problem in details', () => {
    const problems = [
      { path: '$.a', message: 'is bad' },
      { path: '$.b', message: 'is worse' },
    ];
    const error = flowInvalid('flow "x" was not saved', problems, 'Fix it.');
    expect(error.toJSON()).toEqual({
      code: 'FLOWHOOK_MOCK_FLOW_INVALID',
      message: 'flow "x" was not saved: "$.a" is bad (and 1 more, see details)',
      hint: 'Fix it.',
      details: problems,
    });
    expect(error.status).toBe(400);
  });
});
