import type { Request } from 'express';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { operationCheck } from '../../src/api/request-validation.js';
import type { DeliveryStatus } from '../../src/store/store.js';
import type { Trigger } from '../../src/types.js';

function requestWith(parts: { query?: Record<string, string>; body?: unknown }): Request {
  return { query: parts.query ?? {}, body: parts.body } as Request;
}

describe('operationCheck()', () => {
  it('returns the query with the generated types, text turned into numbers and defaults filled in', () => {
    const list = operationCheck('listDeliveries', { defaulted: ['limit'] });
    const query = list.query(requestWith({ query: { cursor: '7', status: 'failed' } }));
    expect(query).toEqual({ cursor: 7, status: 'failed', limit: 100 });
    expectTypeOf(query.limit).toEqualTypeOf<number>();
    expectTypeOf(query.cursor).toEqualTypeOf<number | undefined>();
    expectTypeOf(query.status).toEqualTypeOf<DeliveryStatus | undefined>();
  });

  it('refuses "defaulted" that differs from the defaults of the document', () => {
    expect(() => operationCheck('listDeliveries')).toThrow(
      '"defaulted" of operation "listDeliveries" must name the query parameters with a default in openapi/flowhook.yaml: "limit"',
    );
    expect(() => operationCheck('listDeliveries', { defaulted: ['limit', 'cursor'] })).toThrow(TypeError);
  });

  it('returns the body with the generated type, fields left to their parser as unknown', () => {
    const testConfig = operationCheck('testWebhookConfig', { parsedLater: ['config'] });
    const body = testConfig.body(requestWith({ body: { config: { name: 42 }, trigger: 'RequestGranted' } }));
    expect(body).toEqual({ config: { name: 42 }, trigger: 'RequestGranted' });
    expectTypeOf(body.config).toEqualTypeOf<unknown>();
    expectTypeOf(body.trigger).toEqualTypeOf<Trigger | undefined>();
    expectTypeOf(body.webhookId).toEqualTypeOf<string | undefined>();
  });

  it('answers an optional body that is absent with an empty object', () => {
    const test = operationCheck('testWebhook');
    const body = test.body(requestWith({}));
    expect(body).toEqual({});
    expectTypeOf(body).toEqualTypeOf<{ trigger?: Trigger } | Record<string, never>>();
  });

  it('leaves a body that its own parser checks unknown', () => {
    const create = operationCheck('createWebhook', { checkBody: false });
    expectTypeOf(create.body(requestWith({ body: {} }))).toEqualTypeOf<unknown>();
  });

  it('names each query problem', () => {
    const replay = operationCheck('replayWebhook', { defaulted: ['status'] });
    expect(() => replay.query(requestWith({ query: { status: 'pending', page: '2' } }))).toThrow(
      expect.objectContaining({
        code: 'FLOWHOOK_BAD_REQUEST',
        details: [
          { path: 'query.page', message: 'is not a query parameter of this request; use "status", "since"' },
          { path: 'query.status', message: 'must be one of "failed", "delivered"' },
        ],
      }),
    );
    expectTypeOf(replay.query).returns.toEqualTypeOf<{ since?: string } & { status: 'failed' | 'delivered' }>();
  });
});
