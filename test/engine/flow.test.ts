import { describe, expect, it } from 'vitest';
import { flowTarget, sharedRate } from '../../src/engine/flow.js';

describe('flowTarget', () => {
  it('paces an Okta Workflows flow at the Okta rate when the webhook says nothing', () => {
    expect(flowTarget({ url: 'https://acme.workflows.okta.com/api/flo/abc/invoke?clientToken=s3cret' }, 10)).toMatchObject({
      key: 'https://acme.workflows.okta.com/api/flo/abc/invoke',
      ratePerSec: 10,
    });
  });

  it('leaves other hosts unpaced when the webhook says nothing', () => {
    expect(flowTarget({ url: 'http://127.0.0.1:4010/api/flo/abc/invoke' }, 10)).toMatchObject({
      key: 'http://127.0.0.1:4010/api/flo/abc/invoke',
      ratePerSec: undefined,
    });
  });

  it('follows the webhook’s rate_limit_per_sec, where 0 means unpaced', () => {
    expect(flowTarget({ url: 'http://127.0.0.1:4010/api/flo/a/invoke', rate_limit_per_sec: 3 }, 10).ratePerSec).toBe(3);
    expect(flowTarget({ url: 'https://acme.workflows.okta.com/api/flo/a/invoke', rate_limit_per_sec: 0 }, 10).ratePerSec).toBeUndefined();
  });

  it('treats the client token in the query as the same flow', () => {
    const a = flowTarget({ url: 'https://acme.workflows.okta.com/api/flo/a/invoke?clientToken=one' }, 10);
    const b = flowTarget({ url: 'https://acme.workflows.okta.com/api/flo/a/invoke?clientToken=two' }, 10);
    expect(a.key).toBe(b.key);
    expect(a.id).toBe(b.id);
  });

  it('names the flow for the store by a digest that holds nothing of a token in its path', () => {
    const flow = flowTarget({ url: 'https://acme.workflows.okta.com/api/flo/a/invoke/s3cretPathToken' }, 10);
    expect(flow.id).toMatch(/^[\w-]{43}$/);
    expect(flow.id).not.toContain('s3cret');
    expect(flowTarget({ url: 'https://acme.workflows.okta.com/api/flo/b/invoke/s3cretPathToken' }, 10).id).not.toBe(flow.id);
  });

  it('leaves Okta flows unpaced when the Okta rate is 0', () => {
    expect(flowTarget({ url: 'https://acme.workflows.okta.com/api/flo/a/invoke' }, 0).ratePerSec).toBeUndefined();
  });
});

describe('sharedRate', () => {
  it('takes the slowest paced rate of the webhooks on one flow', () => {
    expect(sharedRate([undefined, 10, 4])).toBe(4);
    expect(sharedRate([undefined, undefined])).toBeUndefined();
  });
});
