import { BillingError } from '@tollgate/core';
import { describe, expect, it } from 'vitest';
import { contractServer, Reply } from '../../test/contract-server';
import { plans, status } from '../../test/fixtures';
import { createBillingClient } from './billing-client';
import { BillingClientError } from './client-error';

describe('createBillingClient', () => {
  it('calls the contract routes under the base path and returns validated data', async () => {
    const server = contractServer({ plans: () => plans, status: () => status() });
    const client = createBillingClient({ fetch: server.fetch });
    expect((await client.plans()).plans.map((p) => p.key)).toEqual(['free', 'pro', 'team']);
    expect((await client.status()).status).toBe('active');
    expect(client.baseUrl).toBe('/api/billing');
  });

  it('sends JSON bodies that match the request schemas', async () => {
    const server = contractServer({ checkout: () => ({ uiMode: 'hosted', url: 'https://pay/1' }) });
    const client = createBillingClient({ fetch: server.fetch });
    await client.checkout({ plan: 'pro', interval: 'year' });
    expect(server.calls).toEqual([{ route: 'checkout', body: { plan: 'pro', interval: 'year' } }]);
  });

  it('raises the server error as a BillingError with code, message and status', async () => {
    const server = contractServer({
      change: () => Reply.error('PLAN_UNCHANGED', 'Already on pro.'),
    });
    const client = createBillingClient({ fetch: server.fetch });
    const error = await client.change({ plan: 'pro', interval: 'month' }).catch((e) => e);
    expect(error).toBeInstanceOf(BillingError);
    expect(error).toMatchObject({
      code: 'PLAN_UNCHANGED',
      message: 'Already on pro.',
      status: 409,
    });
    expect(error.retryable).toBe(false);
  });

  it('skips alert types a newer server added and keeps the ones it knows', async () => {
    const known = status().alerts;
    const server = contractServer(
      {
        status: () => ({
          ...status(),
          alerts: [{ type: 'tax_id_missing', country: 'de' }, ...known],
        }),
      },
      { newerServer: true },
    );
    const client = createBillingClient({ fetch: server.fetch });
    expect((await client.status()).alerts).toEqual(known);
  });

  it("keeps an error code a newer server added as the code (no status: core's table does not know it)", async () => {
    const client = createBillingClient({
      fetch: async () =>
        Response.json(
          { error: { code: 'TAX_ID_REQUIRED', message: 'Add a VAT id.' } },
          { status: 422 },
        ),
    });
    const error = await client.checkout({ plan: 'pro', interval: 'month' }).catch((e) => e);
    expect(error).toBeInstanceOf(BillingError);
    expect(error).toMatchObject({ code: 'TAX_ID_REQUIRED', message: 'Add a VAT id.', status: 0 });
  });

  it('reports a success answer that is not a JSON object as INVALID_RESPONSE', async () => {
    const client = createBillingClient({ fetch: async () => Response.json([1, 2]) });
    const error = await client.status().catch((e) => e);
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(error.message).toContain('GET /api/billing/status');
  });

  it('reports a non-JSON answer (wrong baseUrl) as INVALID_RESPONSE with the HTTP status', async () => {
    const client = createBillingClient({
      fetch: async () => new Response('<html>not found</html>', { status: 404 }),
    });
    const error = await client.plans().catch((e) => e);
    expect(error).toBeInstanceOf(BillingClientError);
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', status: 0, httpStatus: 404 });
    expect(error.message).toContain('GET /api/billing/plans');
  });

  it('reports an unreachable server as a retryable NETWORK_ERROR', async () => {
    const client = createBillingClient({
      baseUrl: 'https://billing.example/api/billing/',
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const error = await client.status().catch((e) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    expect(error.message).toContain('https://billing.example/api/billing/status');
  });

  it('passes extra headers on every request', async () => {
    let seen: string | null = null;
    const client = createBillingClient({
      headers: { authorization: 'Bearer t' },
      fetch: async (_url, init) => {
        seen = new Headers(init?.headers).get('authorization');
        return Response.json(status());
      },
    });
    await client.status();
    expect(seen).toBe('Bearer t');
  });
});
