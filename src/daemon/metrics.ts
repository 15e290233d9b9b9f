// Prometheus text exposition (format 0.0.4) of the daemon's counters and gauges. Values
// are read when /metrics is scraped, so nothing is computed on hot paths but increments.

export type MetricType = 'counter' | 'gauge';

interface Metric {
  name: string;
  help: string;
  type: MetricType;
  read: () => number;
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  /** A counter the caller increments; returns the increment function. */
  counter(name: string, help: string): (by?: number) => void {
    let value = 0;
    this.register({ name, help, type: 'counter', read: () => value });
    return (by = 1) => {
      value += by;
    };
  }

  /** A gauge whose value is read at scrape time. */
  gauge(name: string, help: string, read: () => number): void {
    this.register({ name, help, type: 'gauge', read });
  }

  render(): string {
    const lines: string[] = [];
    for (const metric of this.metrics.values()) {
      lines.push(`# HELP ${metric.name} ${metric.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
      lines.push(`# TYPE ${metric.name} ${metric.type}`);
      lines.push(`${metric.name} ${formatValue(metric.read())}`);
    }
    return lines.join('\n') + '\n';
  }

  private register(metric: Metric): void {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(metric.name)) throw new TypeError(`invalid metric name ${metric.name}`);
    if (this.metrics.has(metric.name)) throw new TypeError(`metric ${metric.name} registered twice`);
    this.metrics.set(metric.name, metric);
  }
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** Process-wide gauges every daemon exposes. */
export function registerProcessMetrics(registry: MetricsRegistry): void {
  registry.gauge('foyer_process_resident_memory_bytes', 'Resident set size of the daemon process.', () => process.memoryUsage.rss());
  registry.gauge('foyer_process_heap_used_bytes', 'V8 heap in use.', () => process.memoryUsage().heapUsed);
  registry.gauge('foyer_process_uptime_seconds', 'Seconds since the daemon started.', () => Math.round(process.uptime()));
}
