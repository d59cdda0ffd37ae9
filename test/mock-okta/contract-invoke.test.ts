import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/core/render.js';
import { SAMPLE_EVENTS, OKTA_GUIDE_TEMPLATE } from '../../src/core/samples.js';
import { TRIGGERS } from '../../src/core/triggers.js';
import { startMockOkta, type RunningMockOkta } from '../../mock-okta/server.js';
import type { FlowContract } from '../../mock-okta/types.js';

const GUIDE_CONTRACT_TEXT = readFileSync(new URL('../fixtures/okta-guide-contract.json', import.meta.url), 'utf8');
const GUIDE_CONTRACT = JSON.parse(GUIDE_CONTRACT_TEXT) as FlowContract;
const TYPO_TEMPLATE = OKTA_GUIDE_TEMPLATE.replace('data.requester.email', 'data.requester.emial');

let mock: RunningMockOkta;
beforeEach(async () => {
  mock = await startMockOkta({
    flows: [
      { alias: 'records', security: 'public', contract: GUIDE_CONTRACT },
      { alias: 'rejects', security: 'public', contract: { ...GUIDE_CONTRACT, onFailure: 'reject' }, responses: [{ body: { status: 'ok' } }] },
    ],
  });
});
afterEach(() => mock.close());

function post(alias: string, body: string): Promise<Response> {
  return fetch(mock.invokeUrl(alias), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

describe('a flow with a contract', () => {
  it("is the README's example contract", () => {
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain(`\n\`\`\`json\n${GUIDE_CONTRACT_TEXT}\`\`\`\n`);
  });

  it('takes the body of the Apono guide\'s template for each of the six triggers', async () => {
    const template = compileTemplate(OKTA_GUIDE_TEMPLATE);
    for (const trigger of TRIGGERS) expect((await post('records', template.render(SAMPLE_EVENTS[trigger]))).status).toBe(200);
    const executions = await mock.executions({ alias: 'records' });
    expect(executions.map((execution) => execution.contract)).toEqual(TRIGGERS.map(() => ({ ok: true, problems: [] })));
  });

  it('records a template typo as a contract problem on the execution, and still answers (onFailure "record")', async () => {
    const response = await post('records', compileTemplate(TYPO_TEMPLATE).render(SAMPLE_EVENTS.RequestGranted));
    expect(response.status).toBe(200);
    const [execution] = await mock.executions({ alias: 'records' });
    expect(execution?.contract).toEqual({
      ok: false,
      problems: [
        { path: '$.fields["requestor email"]', message: 'must NOT have fewer than 3 characters' },
        { path: '$.fields["requestor email"]', message: 'must match pattern "@"' },
      ],
    });
    expect(execution?.responseIndex).toBe(0);
  });

  it('answers 400 with Okta\'s error body, one cause per problem, when it rejects (onFailure "reject")', async () => {
    const response = await post('rejects', JSON.stringify({ fields: { 'event type': 'RequestGranted' } }));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      errorCode: 'E0000001',
      errorSummary: 'Api validation failed: request',
      errorLink: 'E0000001',
      errorId: expect.stringMatching(/^oae[\w-]{22}$/),
      errorCauses: ['event time', 'requestor email', 'integration name', 'resource type', 'access units'].map((name) => ({
        errorSummary: `$.fields[${JSON.stringify(name)}] is required`,
      })),
    });
    const [execution] = await mock.executions({ alias: 'rejects' });
    expect(execution).toMatchObject({ outcome: 'refused', status: 400, responseIndex: null, contract: { ok: false } });
    expect(execution?.explanation).toBe(
      'refused: the request breaks the contract of flow "rejects" ("onFailure": "reject"): $.fields["event time"] is required; ' +
        '$.fields["requestor email"] is required; $.fields["integration name"] is required (and 2 more)',
    );
    const good = compileTemplate(OKTA_GUIDE_TEMPLATE).render(SAMPLE_EVENTS.RequestCreated);
    expect(await (await post('rejects', good)).json()).toEqual({ status: 'ok' });
  });

  it('checks required headers: a body without content-type is missing one', async () => {
    await fetch(mock.invokeUrl('records'), { method: 'POST', body: new Uint8Array(Buffer.from('{}')) });
    const [execution] = await mock.executions({ alias: 'records' });
    expect(execution?.contract?.problems).toEqual([
      { path: '$.fields', message: 'is required' },
      { path: 'headers["content-type"]', message: 'is required' },
    ]);
  });

  it('shows its contract in the admin API, and refuses one whose schema does not compile', async () => {
    expect((await mock.getFlow('records')).contract).toEqual(GUIDE_CONTRACT);
    await expect(mock.flow('bad', { security: 'public', contract: { body: { type: 'object', requird: ['x'] } } })).rejects.toMatchObject({
      code: 'FLOWHOOK_MOCK_FLOW_INVALID',
      details: [{ path: '$.contract.body', message: 'is not a JSON Schema that compiles: strict mode: unknown keyword: "requird"' }],
    });
    await expect(mock.flow('bad', { security: 'public', contract: { onFailure: 'drop' } as unknown as FlowContract })).rejects.toMatchObject({
      details: [{ path: '$.contract.onFailure', message: 'must be one of "record", "reject"' }],
    });
  });
});
