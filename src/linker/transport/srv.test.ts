import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderSrvRecords, resolveEndpoints, type SrvRecordWithTls, type SrvResolver } from './srv.js';

const record = (name: string, priority: number, weight: number, directTls = false, port = 5222): SrvRecordWithTls =>
  ({ name, port, priority, weight, directTls });

/** A deterministic sequence of draws in [0, 1). */
function draws(...values: number[]): () => number {
  let index = 0;
  return () => values[index++ % values.length]!;
}

test('SRV records are ordered by priority, then by weighted draw (RFC 2782)', () => {
  const records = [record('c.example', 20, 0), record('a.example', 10, 60), record('b.example', 10, 40), record('d.example', 5, 0)];
  // One draw per pick (d, then priority 10 twice, then c). Out of 100 at priority 10:
  // 0.7 → 70 is past a's 60 → b; then a alone.
  assert.deepEqual(orderSrvRecords(records, draws(0, 0.7, 0, 0)).map((e) => e.host), ['d.example', 'b.example', 'a.example', 'c.example']);
  // 0.2 → 20 falls in a's share.
  assert.deepEqual(orderSrvRecords(records, draws(0, 0.2, 0, 0)).map((e) => e.host), ['d.example', 'a.example', 'b.example', 'c.example']);
});

test('over many draws each record is chosen first in proportion to its weight', () => {
  const records = [record('heavy', 1, 90), record('light', 1, 10)];
  let heavyFirst = 0;
  let seed = 1;
  const lcg = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = 0; i < 2000; i++) if (orderSrvRecords(records, lcg)[0]!.host === 'heavy') heavyFirst++;
  assert.ok(heavyFirst > 1650 && heavyFirst < 1950, `heavy first ${heavyFirst}/2000`);
});

test('zero-weight records still come out, and "." means no service', () => {
  const ordered = orderSrvRecords([record('zero', 1, 0), record('.', 0, 0), record('w', 1, 5)], draws(0.99));
  assert.deepEqual(ordered.map((e) => e.host).sort(), ['w', 'zero']);
});

test('resolveEndpoints merges direct TLS and STARTTLS records and strips the trailing dot', async () => {
  const resolver: SrvResolver = {
    async resolveSrv(name) {
      if (name === '_xmpps-client._tcp.example.org') return [{ name: 'xmpp.example.org.', port: 5223, priority: 5, weight: 1 }];
      if (name === '_xmpp-client._tcp.example.org') return [{ name: 'xmpp.example.org.', port: 5222, priority: 10, weight: 1 }];
      throw Object.assign(new Error('queryNotFound'), { code: 'ENOTFOUND' });
    },
  };
  assert.deepEqual(await resolveEndpoints('example.org', resolver), [
    { host: 'xmpp.example.org', port: 5223, directTls: true },
    { host: 'xmpp.example.org', port: 5222, directTls: false },
  ]);
});

test('without SRV records the domain itself on port 5222 is used (RFC 6120 §3.2.2)', async () => {
  const resolver: SrvResolver = { async resolveSrv() { throw Object.assign(new Error('ENODATA'), { code: 'ENODATA' }); } };
  assert.deepEqual(await resolveEndpoints('family.example', resolver), [{ host: 'family.example', port: 5222, directTls: false }]);
});
