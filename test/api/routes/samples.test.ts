import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEvent } from '../../../src/core/event.js';
import { sampleEvent } from '../../../src/core/samples.js';
import { TRIGGERS } from '../../../src/core/triggers.js';
import { startApi, type ApiHarness } from '../harness.js';

describe('GET /api/samples', () => {
  let api: ApiHarness;

  beforeEach(async () => {
    api = await startApi({}, { started: false });
  });

  afterEach(async () => {
    await api.close();
  });

  it('answers the sample event of each trigger, keyed by trigger in Apono’s order', async () => {
    const response = await request(api.app).get('/api/samples').expect(200).expect('content-type', 'application/json; charset=utf-8');
    expect(Object.keys(response.body)).toEqual([...TRIGGERS]);
    for (const trigger of TRIGGERS) {
      expect(response.body[trigger]).toEqual(sampleEvent(trigger));
      expect(parseEvent(response.body[trigger]).event_type).toBe(trigger);
    }
  });
});
