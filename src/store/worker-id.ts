/**
 * Who holds a lease, and which lease it is. The owner names a worker (host, process, and a random part
 * that tells a restarted process from its predecessor) so that an operator reading the database can
 * tell whose leases they are; the token, new for each turn, is what a settle must show.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** `host/pid/random`: one per opened store. */
export function workerId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

/** 96 random bits, URL-safe. */
export function leaseToken(): string {
  return randomBytes(12).toString('base64url');
}
