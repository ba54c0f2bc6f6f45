/**
 * A small Prometheus registry: counters, gauges and latency histograms rendered in the text
 * exposition format at each service's /metrics endpoint.
 */
type Labels = Readonly<Record<string, string>>;

const labelKey = (labels: Labels): string =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}="${value.replace(/["\\\n]/g, '_')}"`)
    .join(',');

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' | 'histogram',
  ) {}
  abstract render(): string[];
}

export class Counter extends Metric {
  private readonly values = new Map<string, number>();
  constructor(name: string, help: string) {
    super(name, help, 'counter');
  }
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  render(): string[] {
    return [...this.values].map(([key, value]) => `${this.name}${key ? `{${key}}` : ''} ${value}`);
  }
}

export class Gauge extends Metric {
  private readonly values = new Map<string, number>();
  constructor(name: string, help: string) {
    super(name, help, 'gauge');
  }
  set(value: number, labels: Labels = {}): void {
    this.values.set(labelKey(labels), value);
  }
  render(): string[] {
    return [...this.values].map(([key, value]) => `${this.name}${key ? `{${key}}` : ''} ${value}`);
  }
}

/** Latency histogram in seconds with fixed buckets from 50 us to 5 s. */
export class Histogram extends Metric {
  static readonly BUCKETS = [
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5,
  ];
  private readonly counts = new Array<number>(Histogram.BUCKETS.length + 1).fill(0);
  private sum = 0;
  private total = 0;
  constructor(name: string, help: string) {
    super(name, help, 'histogram');
  }
  observe(seconds: number): void {
    const bucket = Histogram.BUCKETS.findIndex((bound) => seconds <= bound);
    this.counts[bucket < 0 ? Histogram.BUCKETS.length : bucket]++;
    this.sum += seconds;
    this.total++;
  }
  render(): string[] {
    let cumulative = 0;
    const lines = Histogram.BUCKETS.map((bound, index) => {
      cumulative += this.counts[index];
      return `${this.name}_bucket{le="${bound}"} ${cumulative}`;
    });
    lines.push(
      `${this.name}_bucket{le="+Inf"} ${this.total}`,
      `${this.name}_sum ${this.sum}`,
      `${this.name}_count ${this.total}`,
    );
    return lines;
  }
}

export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  counter(name: string, help: string): Counter {
    return this.add(new Counter(name, help));
  }
  gauge(name: string, help: string): Gauge {
    return this.add(new Gauge(name, help));
  }
  histogram(name: string, help: string): Histogram {
    return this.add(new Histogram(name, help));
  }

  /** Prometheus text exposition format. */
  render(): string {
    const lines = this.metrics.flatMap((metric) => [
      `# HELP ${metric.name} ${metric.help}`,
      `# TYPE ${metric.name} ${metric.type}`,
      ...metric.render(),
    ]);
    return `${lines.join('\n')}\n`;
  }

  private add<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }
}
