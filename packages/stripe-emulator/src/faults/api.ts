import { createRandom, type Random, streamSeed } from './random.js';

/** The API failures the emulator can inject: Stripe's internal error and its rate limit. */
export type ApiFaultStatus = 500 | 429;

/** One API fault rule. With neither `times` nor `rate`, every matching request fails until reset. */
export interface ApiFaultRule {
  /** 500 → the SDK raises `StripeAPIError`; 429 → `StripeRateLimitError`. */
  status: ApiFaultStatus;
  /** Fail only the next N matching requests, then the rule is spent. */
  times?: number;
  /** Fail each matching request with this probability (0–1), drawn from the seeded PRNG. */
  rate?: number;
  /** Only requests with this HTTP method (case-insensitive). */
  method?: string;
  /** Only these paths: an exact path, a glob with `*` (`/v1/customers/*`), or a RegExp. */
  path?: string | RegExp;
  /**
   * Value of `Stripe-Should-Retry` (default `true`, so the SDK's own retries recover from a
   * short burst; `false` makes the SDK give up at once).
   */
  shouldRetry?: boolean;
}

/** What the HTTP pipeline answers instead of routing the request. */
export interface ApiFaultResponse {
  status: ApiFaultStatus;
  body: {
    error: { type: string; code?: string; message: string; doc_url?: string };
  };
  headers: Record<string, string>;
}

/** A record of one injected API fault. */
export interface ApiFaultRecord {
  method: string;
  path: string;
  status: ApiFaultStatus;
}

interface ActiveRule {
  rule: ApiFaultRule;
  remaining: number;
  matchPath: (path: string) => boolean;
}

const BODIES: Record<ApiFaultStatus, ApiFaultResponse['body']['error']> = {
  500: {
    type: 'api_error',
    message: 'An unknown error occurred. Please retry your request (emulator fault injection).',
  },
  429: {
    type: 'invalid_request_error',
    code: 'rate_limit',
    message:
      'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
    doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
  },
};

function pathMatcher(path: ApiFaultRule['path']): (p: string) => boolean {
  if (path === undefined) return () => true;
  if (path instanceof RegExp) return (p) => path.test(p);
  if (!path.includes('*')) return (p) => p === path;
  const escaped = path.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`^${escaped.join('[^?]*')}$`);
  return (p) => re.test(p);
}

function validate(rule: ApiFaultRule): void {
  if (rule.status !== 500 && rule.status !== 429) {
    throw new RangeError(`api fault status must be 500 or 429, got ${String(rule.status)}`);
  }
  if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
    throw new RangeError(`api fault times must be a positive integer, got ${rule.times}`);
  }
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) {
    throw new RangeError(`api fault rate must be between 0 and 1, got ${rule.rate}`);
  }
}

/** API fault controls: rules are tried in the order they were added; the first match fails. */
export interface ApiFaults {
  /**
   * Adds a rule: fail matching requests with 500 or 429 (Stripe's error body).
   * @example faults.api.fail({ status: 429, times: 2, method: 'GET', path: '/v1/customers/*' })
   */
  fail(rule: ApiFaultRule): void;
  /**
   * Called by the HTTP pipeline before routing: the fault response to send, or `null` to route
   * normally. Consumes one use of the matching rule.
   */
  intercept(method: string, path: string): ApiFaultResponse | null;
  /** Every fault injected since the last reset, in order. */
  readonly injected: readonly ApiFaultRecord[];
  /** Removes all rules, clears `injected` and rewinds the PRNG to the seed. */
  reset(): void;
}

/** Creates API fault controls whose `rate` draws come from `seed`. */
export function createApiFaults(seed: number): ApiFaults {
  let random: Random = createRandom(streamSeed(seed, 'api'));
  let rules: ActiveRule[] = [];
  const injected: ApiFaultRecord[] = [];

  return {
    fail(rule: ApiFaultRule): void {
      validate(rule);
      rules.push({ rule, remaining: rule.times ?? Infinity, matchPath: pathMatcher(rule.path) });
    },
    intercept(method: string, path: string): ApiFaultResponse | null {
      if (rules.length === 0) return null;
      const bare = path.split('?', 1)[0] ?? path;
      for (const active of rules) {
        const { rule } = active;
        if (active.remaining <= 0) continue;
        if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
        if (!active.matchPath(bare)) continue;
        if (rule.rate !== undefined && random() >= rule.rate) continue;
        active.remaining -= 1;
        injected.push({ method: method.toUpperCase(), path: bare, status: rule.status });
        rules = rules.filter((r) => r.remaining > 0);
        return {
          status: rule.status,
          body: { error: { ...BODIES[rule.status] } },
          headers: { 'Stripe-Should-Retry': String(rule.shouldRetry ?? true) },
        };
      }
      return null;
    },
    get injected(): readonly ApiFaultRecord[] {
      return injected;
    },
    reset(): void {
      rules = [];
      injected.length = 0;
      random = createRandom(streamSeed(seed, 'api'));
    },
  };
}
