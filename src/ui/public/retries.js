// @ts-check
/**
 * Retries as people read them: a webhook's schedule, and the engine's reason for an attempt reworded so
 * that it says which attempt failed and which one comes next.
 */
import { formatTime } from './kit/format.js';

/**
 * Seconds before each retry for a webhook without `retry_schedule_sec`: flowhook serve's default
 * (DEFAULT_RETRY_SCHEDULE_SEC in src/core/retry-policy.ts, which the browser tests hold this to).
 */
export const DEFAULT_RETRY_SCHEDULE_SEC = [5, 300, 1800, 7200, 18000, 36000, 36000];

/**
 * `at once, then retried after 5 s, 5 min and 30 min: 4 attempts in all`.
 * @param {readonly number[]} scheduleSec
 */
export function describeSchedule(scheduleSec) {
  if (scheduleSec.length === 0) return 'once, never retried';
  const delays = scheduleSec.map((seconds) => formatDelay(seconds * 1000));
  const listed = delays.length === 1 ? delays[0] : `${delays.slice(0, -1).join(', ')} and ${delays.at(-1)}`;
  return `at once, then retried after ${listed}: ${delays.length + 1} attempts in all`;
}

/** `850 ms`, `4.5 s`, `5 min`, `2.3 h`, as the engine words delays. @param {number} ms */
function formatDelay(ms) {
  /** @param {number} value */
  const round1 = (value) => Math.round(value * 10) / 10;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${round1(ms / 1000)} s`;
  if (ms < 3_600_000) return `${round1(ms / 60_000)} min`;
  return `${round1(ms / 3_600_000)} h`;
}

/**
 * The engine's words when it schedules another attempt (src/core/retry-policy.ts): `HTTP 503; next attempt 2 of 3
 * in 2.1 s`, with `, as Retry-After asks` when the flow set the wait. Its numbers count attempts, not
 * retries, from the delivery's creation or its last replay.
 */
const RETRY_SCHEDULED = /^(?<failure>.+); next attempt (?<next>\d+) of (?<total>\d+) in (?<delay>.+?)(?<asked>, as \S+ asks)?$/;

/**
 * An attempt's reason with the next attempt spelled out: `HTTP 503; next attempt 2 of 3 in 2.1 s` after the first
 * attempt reads `attempt 1 of 3 failed (HTTP 503); next attempt (2 of 3) in 2.1 s`, or `… at 14:03:29` when
 * `nextAttemptAt` is given. Other reasons are returned as they are.
 * @param {string} reason
 * @param {{ number: number, nextAttemptAt?: string | null }} attempt  the attempt's number over the
 *   delivery's life (replays included), and when the next attempt is due, to show the time instead of the delay
 * @returns {{ text: string, schedulesNext: boolean }}
 */
export function readableReason(reason, { number, nextAttemptAt = null }) {
  const groups = RETRY_SCHEDULED.exec(reason)?.groups;
  if (groups === undefined) return { text: reason, schedulesNext: false };
  const { failure, total, delay } = groups;
  const next = Number(groups.next);
  const failed = next - 1;
  const sinceReplay = number !== failed ? 'since the replay, ' : '';
  const when = nextAttemptAt === null ? `in ${delay}` : `at ${formatTime(nextAttemptAt)}`;
  return {
    text: `${sinceReplay}attempt ${failed} of ${total} failed (${failure}); next attempt (${next} of ${total}) ${when}${groups.asked ?? ''}`,
    schedulesNext: true,
  };
}
