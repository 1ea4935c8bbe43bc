import type { AddressInfo } from 'node:net';
import { createBilling } from '@tollgate/server';
import { toNodeHandler } from '@tollgate/server/node';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_URL, catalog, headerAuth } from '../../../test/app';
import { pglite, type TestDb } from '../../../test/database';

let db: TestDb;
beforeAll(async () => {
  db = await pglite('node_adapter');
}, 60_000);
afterAll(() => db?.close());

describe('toNodeHandler', () => {
  it('Express with express.json() mounted first: every POST was a 500 "Body is unusable"; now the error names the middleware order', async () => {
    const billing = createBilling({
      stripe: 'sk_test_unused',
      webhookSecret: 'whsec_test_secret',
      catalog,
      appUrl: APP_URL,
      getUser: headerAuth,
      store: db.db,
      schema: db.schema,
    });
    const app = express();
    app.use(express.json());
    app.use('/api/billing', toNodeHandler(billing));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/api/billing/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: APP_URL, 'x-test-user': 'u1' },
        body: JSON.stringify({ plan: 'pro', interval: 'month' }),
      });
      expect(response.status).toBe(500);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('CONFIG_INVALID');
      expect(body.error.message).toMatch(/before express\.json\(\)/);
    } finally {
      server.close();
    }
  });
});
