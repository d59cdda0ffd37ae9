/**
 * The engine's counters, exposed in the Prometheus text format: events ingested, deliveries completed
 * by outcome, attempts by outcome, attempt latency, attempts whose lease was lost, and the queue depth
 * read from the store when scraped.
 * Counters start at zero with the process, as Prometheus expects.
 */
import type { AttemptRow } from '../store/store.js';

/** Upper bounds of the attempt-latency buckets, in seconds (the sender's timeout is at most 60 s). */
export const LATENCY_BUCKETS_SEC: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

type AttemptOutcome = AttemptRow['outcome'];

export class EngineMetrics {
  #eventsIngested = 0;
  #deliveriesCreated = 0;
  readonly #completed = { delivered: 0, failed: 0 };
  readonly #attempts: Record<AttemptOutcome, number> = { delivered: 0, pending: 0, failed: 0 };
  readonly #latencyCounts = LATENCY_BUCKETS_SEC.map(() => 0);
  #latencyCount = 0;
  #latencySumSec = 0;
  #leasesLost = 0;

  eventIngested(deliveries: number): void {
    this.#eventsIngested += 1;
    this.#deliveriesCreated += deliveries;
  }

  attemptEnded(outcome: AttemptOutcome, durationMs: number): void {
    this.#attempts[outcome] += 1;
    const seconds = durationMs / 1000;
    this.#latencyCount += 1;
    this.#latencySumSec += seconds;
    LATENCY_BUCKETS_SEC.forEach((bound, index) => {
      if (seconds <= bound) this.#latencyCounts[index] = (this.#latencyCounts[index] ?? 0) + 1;
    });
  }

  deliveryCompleted(outcome: 'delivered' | 'failed'): void {
    this.#completed[outcome] += 1;
  }

  /** Attempts whose settlement the store refused: their lease had run out, and the delivery is sent again. */
  leasesLost(count: number): void {
    this.#leasesLost += count;
  }

  /** The Prometheus exposition text, with the queue depth as the store reports it now. */
  render(queue: { pending: number; inFlight: number }): string {
    const lines = [
      '# HELP flowhook_events_ingested_total Access-request events accepted.',
      '# TYPE flowhook_events_ingested_total counter',
      `flowhook_events_ingested_total ${this.#eventsIngested}`,
      '# HELP flowhook_deliveries_created_total Deliveries created (one per event and matching webhook).',
      '# TYPE flowhook_deliveries_created_total counter',
      `flowhook_deliveries_created_total ${this.#deliveriesCreated}`,
      '# HELP flowhook_deliveries_completed_total Deliveries that ended, by outcome.',
      '# TYPE flowhook_deliveries_completed_total counter',
      `flowhook_deliveries_completed_total{outcome="delivered"} ${this.#completed.delivered}`,
      `flowhook_deliveries_completed_total{outcome="failed"} ${this.#completed.failed}`,
      '# HELP flowhook_attempts_total Delivery attempts, by what they led to.',
      '# TYPE flowhook_attempts_total counter',
      `flowhook_attempts_total{outcome="delivered"} ${this.#attempts.delivered}`,
      `flowhook_attempts_total{outcome="retry"} ${this.#attempts.pending}`,
      `flowhook_attempts_total{outcome="failed"} ${this.#attempts.failed}`,
      '# HELP flowhook_attempt_duration_seconds Time from the start of an attempt to its invocation record.',
      '# TYPE flowhook_attempt_duration_seconds histogram',
      ...LATENCY_BUCKETS_SEC.map((bound, index) => `flowhook_attempt_duration_seconds_bucket{le="${bound}"} ${this.#latencyCounts[index] ?? 0}`),
      `flowhook_attempt_duration_seconds_bucket{le="+Inf"} ${this.#latencyCount}`,
      `flowhook_attempt_duration_seconds_sum ${this.#latencySumSec}`,
      `flowhook_attempt_duration_seconds_count ${this.#latencyCount}`,
      '# HELP flowhook_leases_lost_total Attempts not written because their lease ran out first; their deliveries are sent again under the same webhook-id.',
      '# TYPE flowhook_leases_lost_total counter',
      `flowhook_leases_lost_total ${this.#leasesLost}`,
      '# HELP flowhook_queue_depth Deliveries waiting for an attempt (pending) and being attempted (in_flight).',
      '# TYPE flowhook_queue_depth gauge',
      `flowhook_queue_depth{status="pending"} ${queue.pending}`,
      `flowhook_queue_depth{status="in_flight"} ${queue.inFlight}`,
    ];
    return `${lines.join('\n')}\n`;
  }
}
