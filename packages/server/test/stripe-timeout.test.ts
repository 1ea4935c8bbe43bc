/**
 * Regression for issue 14 #7: the Stripe client built from config had no timeout, so a Stripe
 * that accepts the connection and never answers held `POST /checkout` for minutes (80 s × 3).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBilling, memoryLogger, post } from '../../../test/app';
import { pglite, type TestDb } from '../../../test/database';

let t: TestDb;
let silent: http.Server;
let port: number;
let requests = 0;
beforeAll(async () => {
  t = await pglite('timeout');
  // Accepts every request and never answers; closed (with its sockets) after the tests.
  silent = http.createServer(() => {
    requests += 1;
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  port = (silent.address() as AddressInfo).port;
}, 60_000);
afterAll(async () => {
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
  await t.close();
});

describe('a Stripe that never answers', () => {
  it('answers 503 STRIPE_UNAVAILABLE within the configured timeout × attempts', async () => {
    const billing = makeBilling({
      stripe: {
        secretKey: 'sk_test_silent',
        host: '127.0.0.1',
        port,
        protocol: 'http',
        timeoutMs: 300,
        maxNetworkRetries: 1,
      },
      store: t.db,
      schema: t.schema,
      logger: memoryLogger(),
    });
    const started = Date.now();
    const res = await billing.handler(post('/checkout', { plan: 'pro', interval: 'month' }, 'u1'));
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'STRIPE_UNAVAILABLE',
    );
    // two attempts of 300 ms, the SDK's backoff between them and a loaded machine: seconds, not
    // the 80 s × 3 the SDK's defaults would take
    expect(elapsed).toBeLessThan(8_000);
    expect(requests).toBeGreaterThanOrEqual(2);
  }, 15_000);

  it('refuses a timeout or retry count that is not a whole number', () => {
    for (const stripe of [
      { secretKey: 'sk_test_x', timeoutMs: 0 },
      { secretKey: 'sk_test_x', timeoutMs: 1.5 },
      { secretKey: 'sk_test_x', maxNetworkRetries: -1 },
    ]) {
      expect(() => makeBilling({ stripe, store: t.db })).toThrow(
        expect.objectContaining({
          code: 'CONFIG_INVALID',
          message: expect.stringMatching(/timeoutMs/),
        }),
      );
    }
  });
});
