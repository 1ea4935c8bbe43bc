import { describe, expect, it } from 'vitest';
import { createFaults } from '../src/faults.js';

const draw = (seed: number, n: number) => {
  const faults = createFaults(seed);
  faults.api.fail({ status: 500, rate: 0.3 });
  return Array.from(
    { length: n },
    () => faults.api.intercept('GET', '/v1/customers/cus_1') !== null,
  );
};

describe('api faults', () => {
  it('fails the next N requests with Stripe error bodies, then stops', () => {
    const faults = createFaults(1);
    faults.api.fail({ status: 429, times: 2 });
    const first = faults.api.intercept('POST', '/v1/customers');
    expect(first).toEqual({
      status: 429,
      body: {
        error: expect.objectContaining({ type: 'invalid_request_error', code: 'rate_limit' }),
      },
      headers: { 'Stripe-Should-Retry': 'true' },
    });
    expect(faults.api.intercept('GET', '/v1/customers/cus_1')?.status).toBe(429);
    expect(faults.api.intercept('GET', '/v1/customers/cus_1')).toBeNull();
    expect(faults.api.injected).toEqual([
      { method: 'POST', path: '/v1/customers', status: 429 },
      { method: 'GET', path: '/v1/customers/cus_1', status: 429 },
    ]);
  });

  it('answers 500 as an api_error and can tell the SDK not to retry', () => {
    const faults = createFaults(1);
    faults.api.fail({ status: 500, times: 1, shouldRetry: false });
    const res = faults.api.intercept('GET', '/v1/prices');
    expect(res?.body.error.type).toBe('api_error');
    expect(res?.headers['Stripe-Should-Retry']).toBe('false');
  });

  it('scopes rules to a method and a path pattern, ignoring the query string', () => {
    const faults = createFaults(1);
    faults.api.fail({ status: 500, method: 'get', path: '/v1/customers/*' });
    expect(faults.api.intercept('POST', '/v1/customers/cus_1')).toBeNull();
    expect(faults.api.intercept('GET', '/v1/customers')).toBeNull();
    expect(faults.api.intercept('GET', '/v1/customers/cus_1?expand[0]=x')?.status).toBe(500);
    faults.api.fail({ status: 429, path: /^\/v1\/invoices/ });
    expect(faults.api.intercept('POST', '/v1/invoices/in_1/pay')?.status).toBe(429);
  });

  it('fails at a seeded rate: same seed, same sequence; another seed, another', () => {
    const a = draw(7, 200);
    expect(draw(7, 200)).toEqual(a);
    expect(draw(8, 200)).not.toEqual(a);
    const rate = a.filter(Boolean).length / a.length;
    expect(rate).toBeGreaterThan(0.15);
    expect(rate).toBeLessThan(0.45);
  });

  it('reset() removes rules and rewinds the PRNG', () => {
    const faults = createFaults(7);
    faults.api.fail({ status: 500, rate: 0.3 });
    const first = Array.from({ length: 50 }, () => faults.api.intercept('GET', '/v1/x') !== null);
    faults.reset();
    expect(faults.api.intercept('GET', '/v1/x')).toBeNull();
    expect(faults.api.injected).toEqual([]);
    faults.api.fail({ status: 500, rate: 0.3 });
    expect(Array.from({ length: 50 }, () => faults.api.intercept('GET', '/v1/x') !== null)).toEqual(
      first,
    );
  });

  it('rejects invalid rules with a message saying what to fix', () => {
    const faults = createFaults(1);
    expect(() => faults.api.fail({ status: 503 as 500 })).toThrow(/500 or 429/);
    expect(() => faults.api.fail({ status: 500, times: 0 })).toThrow(/positive integer/);
    expect(() => faults.api.fail({ status: 500, rate: 2 })).toThrow(/between 0 and 1/);
    expect(() => faults.webhooks.shuffle({ batch: 1 })).toThrow(/at least 2/);
    expect(() => faults.webhooks.delay({ minMs: 10, maxMs: 5 })).toThrow(/below minMs/);
    expect(() => createFaults(1.5)).toThrow(/integer/);
  });
});
