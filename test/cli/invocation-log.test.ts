import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { SettledExecution } from '../../mock-okta/settled-execution.js';
import { describeAuth, invocationLogEntry } from '../../src/cli/invocation-log.js';
import { readableLine } from '../../src/cli/log-destination.js';

const SETTLED: SettledExecution = {
  executionId: '6f1c1e4e-0000-4000-8000-000000000001',
  receivedAt: '2026-12-02T10:00:00.000Z',
  alias: 'orders',
  method: 'POST',
  path: '/api/flo/orders/invoke',
  outcome: 'answered',
  status: 200,
  durationMs: 1.5,
  auth: { level: 'oauth2', via: 'bearer', valid: true, clientId: '0oa-client' },
};

describe('invocationLogEntry', () => {
  it('says which flow, method, status, time taken and how the request was authorised, with the client of an OAuth token', () => {
    expect(invocationLogEntry(SETTLED)).toEqual({
      alias: 'orders',
      method: 'POST',
      status: 200,
      durationMs: 1.5,
      auth: 'oauth2/bearer/ok',
      clientId: '0oa-client',
      outcome: 'answered',
      path: '/api/flo/orders/invoke',
      executionId: SETTLED.executionId,
    });
  });

  it('says whether the input met the flow contract when the execution has one', () => {
    expect(invocationLogEntry({ ...SETTLED, contract: { ok: true } }).contract).toBe('ok');
    expect(invocationLogEntry({ ...SETTLED, contract: { ok: false }, status: 400, outcome: 'refused' })).toMatchObject({ contract: 'failed', status: 400 });
    expect(invocationLogEntry(SETTLED)).not.toHaveProperty('contract');
  });
});

describe('describeAuth', () => {
  it('names the level, where the credential came from and the verdict', () => {
    expect(describeAuth({ level: null, via: null, valid: false })).toBe('none');
    expect(describeAuth({ level: 'public', via: null, valid: true })).toBe('public');
    expect(describeAuth({ level: 'clientToken', via: null, valid: false })).toBe('clientToken/none/refused');
    expect(describeAuth({ level: 'clientToken', via: 'query', valid: true })).toBe('clientToken/query/ok');
  });
});

describe('readableLine', () => {
  it('prints the clock, the level and the message, then the other fields as key=value, without pid and hostname', () => {
    const line = JSON.stringify({ level: 30, time: Date.UTC(2026, 11, 2, 10, 0, 1, 123), pid: 1, hostname: 'h', msg: 'invocation', ...invocationLogEntry(SETTLED) });
    expect(readableLine(line)).toBe(
      `10:00:01.123 INFO  invocation  alias=orders method=POST status=200 durationMs=1.5 auth=oauth2/bearer/ok clientId=0oa-client outcome=answered path=/api/flo/orders/invoke executionId=${SETTLED.executionId}`,
    );
  });

  it('reads what pino writes', () => {
    const lines: string[] = [];
    pino({ level: 'info' }, { write: (line: string) => lines.push(readableLine(line)) }).warn({ alias: null, n: { a: 1 } }, 'slow');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN  slow {2}alias=null n=\{"a":1\}$/);
  });
});
