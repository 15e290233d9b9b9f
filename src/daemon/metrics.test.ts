import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsRegistry, registerProcessMetrics } from './metrics.js';

test('counters and gauges render in the Prometheus text format', () => {
  const registry = new MetricsRegistry();
  const stanzas = registry.counter('foyer_stanzas_in_total', 'Stanzas received from XMPP servers.');
  let sessions = 3;
  registry.gauge('foyer_sessions', 'Connected XMPP sessions.', () => sessions);
  stanzas();
  stanzas(4);
  sessions = 2;
  assert.equal(
    registry.render(),
    [
      '# HELP foyer_stanzas_in_total Stanzas received from XMPP servers.',
      '# TYPE foyer_stanzas_in_total counter',
      'foyer_stanzas_in_total 5',
      '# HELP foyer_sessions Connected XMPP sessions.',
      '# TYPE foyer_sessions gauge',
      'foyer_sessions 2',
      '',
    ].join('\n'),
  );
});

test('process gauges report real figures; names are validated and unique', () => {
  const registry = new MetricsRegistry();
  registerProcessMetrics(registry);
  const rss = Number(/foyer_process_resident_memory_bytes (\d+)/.exec(registry.render())?.[1]);
  assert.ok(rss > 10 * 1024 * 1024, `rss ${rss}`);
  assert.throws(() => registry.gauge('foyer_process_uptime_seconds', 'again', () => 0), /registered twice/);
  assert.throws(() => registry.counter('bad-name', 'x'), /invalid metric name/);
});
