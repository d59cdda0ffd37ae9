/**
 * How a delivery gets its credentials: the headers to send, and what the invocation record says about
 * them. OAuth fetches and caches tokens; the other authorisers answer the same headers every time.
 */
import type { InvocationRecord } from '../types.js';

export interface Authorisation {
  headers: Record<string, string>;
  describe: InvocationRecord['auth'];
}

/** OAuth fetches and caches tokens; after a 401 it is told to forget the refused one. */
export interface Authoriser {
  authorise(): Promise<Authorisation>;
  /** The headers of the refused request, so that only that token is forgotten. */
  invalidate(refusedHeaders?: Record<string, string>): void;
}
