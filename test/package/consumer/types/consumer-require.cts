// The same entry points through require(), as a CommonJS TypeScript module sees them.
import { FlowhookError, sampleEvent } from 'flowhook';
import { openSqliteStore } from 'flowhook/engine';
import { startMockOkta } from 'flowhook/mock-okta';

export async function smoke(): Promise<string> {
  const mock = await startMockOkta({ port: 0 });
  const store = openSqliteStore(':memory:');
  store.close();
  await mock.close();
  if (sampleEvent('RequestCreated').event_type !== 'RequestCreated') throw new FlowhookError('FLOWHOOK_INTERNAL', 'wrong sample');
  return mock.url;
}
