import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestRecord } from './request-record.js';

/** Operation names become label values; beyond this many distinct ones, the rest count as `other`. */
const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface MetricSources {
  /** The database pool's connections. */
  pool(): { total: number; idle: number; waiting: number } | null;
  /** GraphQL HTTP requests executing, and waiting for their turn to (MAX_CONCURRENT_REQUESTS). */
  executions(): { active: number; waiting: number };
  /** Open GraphQL WebSocket connections. */
  websockets(): number;
}

/**
 * Prometheus metrics of one instance, served at /metrics (prom-client):
 * GraphQL requests and their latency by operation, errors by code, the
 * database pool, WebSocket connections, and Node's own process metrics.
 * Operation names come from callers, so the label set is bounded.
 */
export class HubMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requests: Counter<'operation' | 'status' | 'cache'>;
  private readonly duration: Histogram<'operation'>;
  private readonly errors: Counter<'code'>;

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hub_' });
    this.requests = new Counter({
      name: 'hub_graphql_requests_total',
      help: 'GraphQL HTTP requests by operation name, HTTP status and response-cache outcome.',
      labelNames: ['operation', 'status', 'cache'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'hub_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL HTTP request to sending its response, by operation name.',
      labelNames: ['operation'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.errors = new Counter({
      name: 'hub_graphql_errors_total',
      help: 'Errors in GraphQL responses by extensions.code.',
      labelNames: ['code'],
      registers: [this.registry],
    });
    new Gauge({
      name: 'hub_db_pool_connections',
      help: 'Database pool connections by state (total, idle, and requests waiting for one).',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const pool = sources.pool();
        if (!pool) return;
        this.set({ state: 'total' }, pool.total);
        this.set({ state: 'idle' }, pool.idle);
        this.set({ state: 'waiting' }, pool.waiting);
      },
    });
    new Gauge({
      name: 'hub_graphql_executions',
      help: 'GraphQL HTTP requests executing (active) and waiting for their turn (waiting); at most MAX_CONCURRENT_REQUESTS are active.',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const { active, waiting } = sources.executions();
        this.set({ state: 'active' }, active);
        this.set({ state: 'waiting' }, waiting);
      },
    });
    new Gauge({
      name: 'hub_websocket_connections',
      help: 'Open GraphQL WebSocket connections.',
      registers: [this.registry],
      collect() {
        this.set(sources.websockets());
      },
    });
  }

  /** Counts a finished GraphQL HTTP request. */
  record(record: RequestRecord, status: number): void {
    const operation = this.operationLabel(record.operationName);
    this.requests.inc({ operation, status: String(status), cache: record.cache ?? 'bypass' });
    this.duration.observe({ operation }, (performance.now() - record.startedAt) / 1000);
    for (const code of record.errorCodes) this.errors.inc({ code });
  }

  private operationLabel(name: string | null | undefined): string {
    if (!name) return '(unnamed)';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_LABELS) return 'other';
    this.operations.add(name);
    return name;
  }
}
