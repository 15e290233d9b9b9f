// Where to connect for a domain: DNS SRV for STARTTLS and direct TLS, then the domain itself.
// References: RFC 6120 §3.2 (resolution, fallback to port 5222), RFC 2782 (priority and
// weighted selection; target "." means no service), XEP-0368 §3 (_xmpps-client._tcp, both
// record sets merged and ordered by priority then weight).
import { promises as dns } from 'node:dns';

export interface Endpoint {
  host: string;
  port: number;
  /** TLS from the first byte (XEP-0368) rather than STARTTLS. */
  directTls: boolean;
}

export interface SrvRecordWithTls {
  name: string;
  port: number;
  priority: number;
  weight: number;
  directTls: boolean;
}

export const DEFAULT_C2S_PORT = 5222;

/** RFC 2782 order: ascending priority; within one priority a weighted random draw. */
export function orderSrvRecords(records: readonly SrvRecordWithTls[], random: () => number = Math.random): Endpoint[] {
  const usable = records.filter((record) => record.name !== '.' && record.name !== '');
  const priorities = [...new Set(usable.map((record) => record.priority))].sort((a, b) => a - b);
  const ordered: Endpoint[] = [];
  for (const priority of priorities) {
    // Zero-weight records first, as RFC 2782 asks, so that they get a small chance too.
    const pending = usable.filter((record) => record.priority === priority)
      .sort((a, b) => (a.weight === 0 ? 0 : 1) - (b.weight === 0 ? 0 : 1));
    while (pending.length > 0) {
      const total = pending.reduce((sum, record) => sum + record.weight, 0);
      const draw = random() * total;
      let running = 0;
      let index = pending.findIndex((record) => (running += record.weight) > draw);
      if (index < 0) index = 0;
      const [chosen] = pending.splice(index, 1) as [SrvRecordWithTls];
      ordered.push({ host: chosen.name.replace(/\.$/, ''), port: chosen.port, directTls: chosen.directTls });
    }
  }
  return ordered;
}

export interface SrvResolver {
  resolveSrv(name: string): Promise<Array<{ name: string; port: number; priority: number; weight: number }>>;
}

/** SRV endpoints for `domain`, or the domain on port 5222 when it publishes none. */
export async function resolveEndpoints(domain: string, resolver: SrvResolver = dns): Promise<Endpoint[]> {
  const lookup = async (service: string, directTls: boolean): Promise<SrvRecordWithTls[]> => {
    try {
      return (await resolver.resolveSrv(`${service}.${domain}`)).map((record) => ({ ...record, directTls }));
    } catch {
      return []; // no records (ENODATA/ENOTFOUND) or DNS down: the domain fallback below applies
    }
  };
  const [directTls, startTls] = await Promise.all([lookup('_xmpps-client._tcp', true), lookup('_xmpp-client._tcp', false)]);
  const records = [...directTls, ...startTls];
  if (records.length === 0) return [{ host: domain, port: DEFAULT_C2S_PORT, directTls: false }];
  return orderSrvRecords(records);
}
