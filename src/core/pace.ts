/**
 * A flow's pace: one send at most every `spacingMs`, so that no second of the flow holds more than its
 * rate. Okta counts a flow's invocations per second as they arrive, and a send arrives a few
 * milliseconds after it was paced, sooner or later depending on the worker that sends it; sends are
 * therefore spaced 10 % wider than the rate alone asks, so that uneven delays never fit one send too
 * many into a second. The state is one time per flow, kept by the store so that every worker of a
 * database shares it. Pure: time is an argument.
 */

/** Sends are spaced `1000 / rate` ms and this many per thousand more. */
const HEADROOM_PER_MILLE = 100;

/** Milliseconds between two sends of a flow paced at `ratePerSec`. */
export function paceSpacingMs(ratePerSec: number): number {
  if (!(ratePerSec > 0)) throw new RangeError(`ratePerSec must be a positive number, not ${ratePerSec}`);
  return Math.ceil((1000 + HEADROOM_PER_MILLE) / ratePerSec);
}

export interface PaceStep {
  /** Whether one send may start at `now`. */
  granted: boolean;
  /** When the send after it may start: the flow's new state. */
  nextAt: number;
}

/** One send, if the flow's pace allows it at `now`; `nextAt` is the flow's state (undefined before its first send). */
export function takePace(nextAt: number | undefined, spacingMs: number, now: number): PaceStep {
  if (nextAt !== undefined && now < nextAt) return { granted: false, nextAt };
  return { granted: true, nextAt: now + spacingMs };
}
