import assert from 'node:assert/strict';
import { createPrometheusMetrics } from '../../src/metrics/prometheus';
import { meteredTurns } from '../../src/metrics/turns';
import { STORAGE_UNAVAILABLE_TURN } from '../../src/ports/metrics';
import { parseSamples, valueOf } from './scrape';

describe('Prometheus metrics (prom-client, one registry per app)', () => {
  it('keeps two instances in one process apart', async () => {
    const a = createPrometheusMetrics();
    const b = createPrometheusMetrics();
    a.metrics.filingFinished('refund', 'filed');
    a.metrics.providerCall('partner-center', 'GET', '429', 0.2);
    const scrapedA = parseSamples(await a.scrape());
    const scrapedB = parseSamples(await b.scrape());
    assert.equal(valueOf(scrapedA, 'desk_filings_total', { kind: 'refund', outcome: 'filed' }), 1);
    assert.equal(valueOf(scrapedA, 'desk_provider_calls_total', { service: 'partner-center', method: 'GET', status: '429' }), 1);
    assert.equal(valueOf(scrapedA, 'desk_provider_call_duration_seconds_bucket', { service: 'partner-center', status: '429', le: '0.25' }), 1);
    assert.equal(valueOf(scrapedB, 'desk_filings_total'), 0);
    assert.equal(valueOf(scrapedB, 'desk_provider_calls_total'), 0);
  });

  it('reads the queue length at each scrape, and leaves it out (no stale figure) while the queue cannot be read', async () => {
    const prometheus = createPrometheusMetrics();
    let backlog: { waiting: number; pending: number } | Error = { waiting: 3, pending: 1 };
    prometheus.watchQueue({ backlog: async () => (backlog instanceof Error ? Promise.reject(backlog) : backlog) });
    const first = parseSamples(await prometheus.scrape());
    assert.equal(valueOf(first, 'desk_notification_queue_length', { state: 'waiting' }), 3);
    assert.equal(valueOf(first, 'desk_notification_queue_length', { state: 'pending' }), 1);
    backlog = new Error('Connection is closed.');
    const second = parseSamples(await prometheus.scrape());
    assert.deepEqual(
      second.filter((s) => s.name === 'desk_notification_queue_length'),
      [],
    );
    assert.ok(
      second.some((s) => s.name === 'desk_turns_total' || s.name === 'process_cpu_user_seconds_total'),
      'the rest of the scrape is served',
    );
  });

  it('counts a turn that throws as an error, and the channel still sees the throw (it apologises)', async () => {
    const prometheus = createPrometheusMetrics();
    const failing = meteredTurns(prometheus.metrics, 'slack', async () => {
      throw new Error('card refused');
    });
    const fine = meteredTurns(prometheus.metrics, 'slack', async () => undefined);
    await assert.rejects(failing({} as never), /card refused/);
    await fine({} as never);
    const samples = parseSamples(await prometheus.scrape());
    assert.equal(valueOf(samples, 'desk_turns_total', { channel: 'slack', outcome: 'error' }), 1);
    assert.equal(valueOf(samples, 'desk_turns_total', { channel: 'slack', outcome: 'ok' }), 1);
    assert.equal(valueOf(samples, 'desk_turn_duration_seconds_count', { channel: 'slack' }), 2);
  });

  it('counts a turn whose handler answered a storage outage itself as storage-unavailable, not ok', async () => {
    const prometheus = createPrometheusMetrics();
    const answeredOutage = meteredTurns(prometheus.metrics, 'teams', async (context) => {
      context.turnState.set(STORAGE_UNAVAILABLE_TURN, true);
    });
    await answeredOutage({ turnState: new Map() } as never);
    const samples = parseSamples(await prometheus.scrape());
    assert.equal(valueOf(samples, 'desk_turns_total', { channel: 'teams', outcome: 'storage-unavailable' }), 1);
    assert.equal(valueOf(samples, 'desk_turns_total', { channel: 'teams', outcome: 'ok' }), 0);
  });
});
