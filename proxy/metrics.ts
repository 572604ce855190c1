// Prometheus metrics, fed from the same record as the request log line (one data path: what a request
// did is written once, then logged and counted), plus gauges read when scraped.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { isRecord } from './errors.ts';

/** What one finished request contributes: the request log line's fields. */
type RequestRecord = Readonly<Record<string, unknown>>;

export interface MetricsSources {
  /** Generations running through the proxy now. */
  readonly openStreams: () => number;
  /** Why the shared state (Redis) cannot serve now, or undefined when it can (always, without Redis). */
  readonly sharedStateProblem: () => Promise<string | undefined>;
}

export interface Metrics {
  readonly registry: Registry;
  record(line: RequestRecord): void;
}

const text = (value: unknown, fallback: string) => (typeof value === 'string' && value !== '' ? value : fallback);

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'dify_widget_' });
  const requests = new Counter({
    name: 'dify_widget_requests_total',
    help: 'Requests answered, by app, endpoint and HTTP status.',
    labelNames: ['app', 'endpoint', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'dify_widget_request_duration_seconds',
    help: 'Time from request to the end of its response (a stream counts whole).',
    labelNames: ['endpoint'],
    buckets: [0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'dify_widget_refusals_total',
    help: 'Requests refused by the proxy itself (limits, budgets, validation), by error code.',
    labelNames: ['code', 'status'],
    registers: [registry],
  });
  const upstreamHeaders = new Histogram({
    name: 'dify_widget_upstream_headers_seconds',
    help: "Time until Dify's response headers arrived, for generations.",
    labelNames: ['app'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'dify_widget_tokens_total',
    help: 'Tokens Dify reported spent.',
    labelNames: ['app'],
    registers: [registry],
  });
  const price = new Counter({
    name: 'dify_widget_price_total',
    help: 'Price Dify reported spent, in its currency.',
    labelNames: ['app', 'currency'],
    registers: [registry],
  });
  new Gauge({
    name: 'dify_widget_open_streams',
    help: 'Generations running through the proxy now.',
    registers: [registry],
    collect() {
      this.set(sources.openStreams());
    },
  });
  new Gauge({
    name: 'dify_widget_shared_state_up',
    help: 'Whether the state the instances share (Redis, when REDIS_URL is set) answers: 1 or 0.',
    registers: [registry],
    async collect() {
      this.set((await sources.sharedStateProblem()) === undefined ? 1 : 0);
    },
  });
  return {
    registry,
    record(line) {
      const app = text(line['app'], 'none');
      const endpoint = text(line['endpoint'], 'other');
      const status = String(line['status']);
      requests.inc({ app, endpoint, status });
      if (typeof line['durationMs'] === 'number') duration.observe({ endpoint }, line['durationMs'] / 1000);
      if (typeof line['code'] === 'string' && typeof line['upstreamStatus'] !== 'number') refusals.inc({ code: line['code'], status });
      if (typeof line['upstreamHeadersMs'] === 'number') upstreamHeaders.observe({ app }, line['upstreamHeadersMs'] / 1000);
      const stream = line['stream'];
      if (!isRecord(stream)) return;
      if (typeof stream['totalTokens'] === 'number') tokens.inc({ app }, stream['totalTokens']);
      const spent = Number(stream['totalPrice']);
      if (Number.isFinite(spent) && spent > 0) price.inc({ app, currency: text(stream['currency'], 'unknown') }, spent);
    },
  };
}
