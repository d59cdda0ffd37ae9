import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../harness.js';

describe('POST /api/okta-url', () => {
  let api: ApiHarness;

  beforeEach(async () => {
    api = await startApi({}, { started: false });
  });

  afterEach(async () => {
    await api.close();
  });

  const recognise = (body: unknown) => request(api.app).post('/api/okta-url').send(body as object);

  it('describes an Okta invoke URL and where its client token sits, without the token', async () => {
    const response = await recognise({ url: 'https://acme.workflows.okta.com/api/flo/3f2a9c/invoke?clientToken=tok-secret-1' }).expect(200);
    expect(response.body).toEqual({
      okta: {
        form: 'invoke',
        org: 'acme',
        workflowsHost: 'acme.workflows.okta.com',
        orgTokenUrl: 'https://acme.okta.com/oauth2/v1/token',
        alias: '3f2a9c',
        clientTokenIn: 'query',
        description: 'Okta Workflows invoke URL of org "acme", flow alias "3f2a9c": the client token is in the "clientToken" query parameter.',
      },
      flowPath: { form: 'invoke', alias: '3f2a9c' },
    });
    expect(response.text).not.toContain('tok-secret-1');
  });

  it('describes a URL whose flow path has a malformed percent-encoding instead of failing', async () => {
    const response = await recognise({ url: 'https://acme.workflows.okta.com/api/flo/%E0%A4%A/invoke' }).expect(200);
    expect(response.body).toMatchObject({ okta: { form: 'invoke', alias: '%E0%A4%A' }, flowPath: { form: 'invoke', alias: '%E0%A4%A' } });
    const token = await recognise({ url: 'https://acme.workflows.okta.com/api/flo/tok%E0%A4%A' }).expect(200);
    expect(token.body).toMatchObject({ okta: { form: 'client-token-path', clientTokenIn: 'path' }, flowPath: { form: 'client-token-path' } });
    expect(token.text).not.toContain('tok%E0');
  });

  it("describes the Apono guide's …/api/flo/<clientToken> form without the token", async () => {
    const response = await recognise({ url: 'https://acme.workflows.oktapreview.com/api/flo/tok-secret-2' }).expect(200);
    expect(response.body).toEqual({
      okta: {
        form: 'client-token-path',
        org: 'acme',
        workflowsHost: 'acme.workflows.oktapreview.com',
        orgTokenUrl: 'https://acme.oktapreview.com/oauth2/v1/token',
        clientTokenIn: 'path',
        description:
          'Okta Workflows URL of org "acme" in the Apono guide\'s form …/api/flo/<clientToken>: the client token is the last path segment, so the whole URL is a secret.',
      },
      flowPath: { form: 'client-token-path' },
    });
    expect(response.text).not.toContain('tok-secret-2');
  });

  it("names the flow path on a host that is not Okta's, such as the mock", async () => {
    expect((await recognise({ url: 'http://127.0.0.1:8787/api/flo/access-requests/invoke' }).expect(200)).body).toEqual({
      okta: null,
      flowPath: { form: 'invoke', alias: 'access-requests' },
    });
    const tokenPath = await recognise({ url: 'http://127.0.0.1:8787/api/flo/tok-secret-3' }).expect(200);
    expect(tokenPath.body).toEqual({ okta: null, flowPath: { form: 'client-token-path' } });
    expect(tokenPath.text).not.toContain('tok-secret-3');
  });

  it('answers both parts null for another path, and for text that is not a URL', async () => {
    expect((await recognise({ url: 'https://hooks.example.com/apono' }).expect(200)).body).toEqual({ okta: null, flowPath: null });
    expect((await recognise({ url: 'acme.workflows.okta.com/api/flo/abc/invoke' }).expect(200)).body).toEqual({ okta: null, flowPath: null });
  });

  it('answers 400 without a url, and for a field it does not know', async () => {
    const response = await recognise({ address: 'https://acme.workflows.okta.com/api/flo/abc/invoke' }).expect(400);
    expect(response.body).toEqual({
      code: 'FLOWHOOK_BAD_REQUEST',
      message: 'request body has 2 problems: $.url is required; $.address is not a known field',
      hint: 'Fix each field listed in details; openapi/flowhook.yaml describes every request.',
      details: [
        { path: '$.url', message: 'is required' },
        { path: '$.address', message: 'is not a known field' },
      ],
    });
  });
});
