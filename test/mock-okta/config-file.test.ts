import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMockConfig } from '../../mock-okta/config-file.js';

const dir = mkdtempSync(join(tmpdir(), 'mock-okta-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadMockConfig', () => {
  it('returns the flows of a valid file', () => {
    const flows = [
      { alias: 'a', security: 'clientToken', clientToken: 'ta' },
      { alias: 'b', security: 'public', responses: [{ status: 500 }] },
    ];
    expect(loadMockConfig(file('ok.json', JSON.stringify({ flows })))).toEqual(flows);
  });

  it('says which file cannot be read', () => {
    const missing = join(dir, 'missing.json');
    expect(() => loadMockConfig(missing)).toThrow(
      expect.objectContaining({
        code: 'FLOWHOOK_FILE_UNREADABLE',
        message: expect.stringMatching(new RegExp(`^cannot read mock config "${missing}": ENOENT`)),
        hint: 'Check the path given to --config.',
      }),
    );
  });

  it('says when the file is not JSON', () => {
    const path = file('broken.json', '{ "flows": [');
    expect(() => loadMockConfig(path)).toThrow(
      expect.objectContaining({ code: 'FLOWHOOK_FILE_UNREADABLE', message: expect.stringMatching(new RegExp(`^mock config "${path}" is not valid JSON: `)) }),
    );
  });

  it('names every broken field by its path in the file', () => {
    const path = file('bad.json', JSON.stringify({ flows: [{ alias: 'a', security: 'public', extra: 1 }, { security: 'public' }], version: 2 }));
    let error: unknown;
    try {
      loadMockConfig(path);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({
      code: 'FLOWHOOK_MOCK_FLOW_INVALID',
      message: `mock config "${path}" is invalid: "$.version" is not a known field (and 2 more, see details)`,
      details: [
        { path: '$.version', message: 'is not a known field' },
        { path: '$.flows[0].extra', message: 'is not a known field' },
        { path: '$.flows[1].alias', message: 'is required' },
      ],
    });
  });

  it('refuses repeated aliases and client tokens', () => {
    const path = file(
      'repeats.json',
      JSON.stringify({
        flows: [
          { alias: 'a', security: 'clientToken', clientToken: 't' },
          { alias: 'a', security: 'public' },
          { alias: 'b', security: 'clientToken', clientToken: 't' },
        ],
      }),
    );
    expect(() => loadMockConfig(path)).toThrow(
      expect.objectContaining({
        details: [
          { path: '$.flows[1].alias', message: 'repeats the alias of $.flows[0] ("a")' },
          { path: '$.flows[2].clientToken', message: 'is already the client token of flow "a"' },
        ],
      }),
    );
  });
});

describe('loadMockConfig: flow contracts', () => {
  it('takes a flow with a contract, and names the entry whose contract schema does not compile', () => {
    const contract = { body: { type: 'object', required: ['fields'] }, headers: ['content-type'], onFailure: 'reject' };
    expect(loadMockConfig(file('contract.json', JSON.stringify({ flows: [{ alias: 'a', security: 'public', contract }] })))).toEqual([
      { alias: 'a', security: 'public', contract },
    ]);
    const broken = file('broken-contract.json', JSON.stringify({ flows: [{ alias: 'a', security: 'public' }, { alias: 'b', security: 'public', contract: { body: { type: 'objekt' } } }] }));
    expect(() => loadMockConfig(broken)).toThrow(
      expect.objectContaining({
        code: 'FLOWHOOK_MOCK_FLOW_INVALID',
        details: [{ path: '$.flows[1].contract.body', message: expect.stringMatching(/^is not a JSON Schema that compiles: schema is invalid: data\/type must be equal to one of the allowed values/) }],
      }),
    );
  });
});
