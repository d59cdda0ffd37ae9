import { describe, expect, it } from 'vitest';
import { EngineMetrics } from '../../src/engine/metrics.js';

describe('EngineMetrics', () => {
  it('renders deliveries by outcome, attempt latency and queue depth as Prometheus text', () => {
    const metrics = new EngineMetrics();
    metrics.eventIngested(2);
    metrics.attemptEnded('pending', 30);
    metrics.attemptEnded('delivered', 700);
    metrics.deliveryCompleted('delivered');
    const lines = metrics.render({ pending: 4, inFlight: 1 }).split('\n');
    expect(lines).toContain('flowhook_events_ingested_total 1');
    expect(lines).toContain('flowhook_deliveries_created_total 2');
    expect(lines).toContain('flowhook_deliveries_completed_total{outcome="delivered"} 1');
    expect(lines).toContain('flowhook_deliveries_completed_total{outcome="failed"} 0');
    expect(lines).toContain('flowhook_attempts_total{outcome="retry"} 1');
    expect(lines).toContain('flowhook_attempt_duration_seconds_bucket{le="0.025"} 0');
    expect(lines).toContain('flowhook_attempt_duration_seconds_bucket{le="0.05"} 1');
    expect(lines).toContain('flowhook_attempt_duration_seconds_bucket{le="1"} 2');
    expect(lines).toContain('flowhook_attempt_duration_seconds_bucket{le="+Inf"} 2');
    expect(lines).toContain('flowhook_attempt_duration_seconds_sum 0.73');
    expect(lines).toContain('flowhook_queue_depth{status="pending"} 4');
    expect(lines).toContain('flowhook_queue_depth{status="in_flight"} 1');
  });
});
