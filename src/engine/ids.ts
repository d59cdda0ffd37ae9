import { randomUUID } from 'node:crypto';

/**
 * `dlv_0195f3a2c4e1…`: what the id names (`wh`, `evt`, `dlv`, `test`), then the time in milliseconds and
 * 80 random bits, 32 hex digits in all. Ids made later sort later, so the database appends them to its
 * indexes instead of writing all over them.
 */
export function newId(prefix: 'wh' | 'evt' | 'dlv' | 'test'): string {
  // randomUUID draws from a cache of random bytes, much faster than a randomBytes call per id.
  const random = randomUUID().replaceAll('-', '');
  return `${prefix}_${Date.now().toString(16).padStart(12, '0')}${random.slice(0, 12)}${random.slice(13, 21)}`;
}
