/**
 * Our side of the HTTP benchmark: `createBilling(...).handler`'s router behind
 * `@tollgate/server/node`, with the webhook route doing what the real one does before the
 * ledger — read the raw body under the size limit, verify the signature and timestamp with the
 * server's verifier — and answering `{received: true}`. "Ledger off": `createBilling` has no
 * switch for it, so the route is composed from the server's own modules (endpoint guard,
 * readText, createVerifier, json, router) minus `processEvent`. The store throws if touched.
 * Runs in its own process; reports its port over IPC.
 */
import { createServer } from 'node:http';
import { createBilling } from '@tollgate/server';
import { resolveConfig } from '@tollgate/server/config';
import type { BillingContext } from '@tollgate/server/context';
import { readText } from '@tollgate/server/http/body';
import { endpoint } from '@tollgate/server/http/endpoint';
import { json } from '@tollgate/server/http/respond';
import { toNodeHandler } from '@tollgate/server/node';
import { createRouter } from '@tollgate/server/router';
import { stripeClient } from '@tollgate/server/stripe/client';
import { createVerifier } from '@tollgate/server/webhook/verify';
import { benchConfig } from '../lib/billing';

const input = benchConfig({
  store: {
    query: () =>
      Promise.reject(
        new Error('BENCH_LEDGER_OFF: the ledger-off server must not reach the database'),
      ),
  },
});
const billing = createBilling(input);
const config = resolveConfig(input);
// endpoint() reads only `config`, `ready` and `isReady` from the context.
const ctx = {
  config,
  ready: () => Promise.resolve(),
  isReady: () => true,
} as unknown as BillingContext;
const verify = createVerifier({
  stripe: stripeClient(config.stripe),
  secrets: config.webhookSecrets,
  toleranceSeconds: config.webhookToleranceSeconds,
});
const webhookLedgerOff = endpoint(
  ctx,
  { name: 'POST /webhook', method: 'POST', csrf: false },
  async (req) => {
    const raw = await readText(req, config.limits.webhookBytes);
    await verify(raw, req.headers.get('stripe-signature'));
    return json({ received: true });
  },
);
const handler = createRouter(
  config.basePath,
  { ...billing.handlers, webhook: webhookLedgerOff },
  config.logger,
);

const server = createServer(toNodeHandler(handler));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.send?.({ port: address.port });
});
