import autocannon from 'autocannon';

/** What one autocannon run measured. */
export interface LoadResult {
  /** Mean requests per second over the run (2xx only counted as success). */
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Options for one load run against a local endpoint. */
export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
}

/** Runs autocannon against `url` and returns throughput and latency percentiles (ms). */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
