/**
 * One contender of the peer benchmark (peer.ts) in its own process, served over node:http
 * through the same adapter (`toNodeHandler`): `PEER_CONTENDER=tollgate` is
 * `createBilling(...).handler`, `recipe` the common Stripe recipe (lib/recipe.ts). Both reach the
 * emulator at `PEER_STRIPE_URL` and PostgreSQL at `PEER_DATABASE_URL`.
 *
 * Side effects (the recipe's, Tollgate's `payment_succeeded` hook) are appended to
 * `PEER_EFFECTS_FILE` as `eventId key` lines before anything else happens, so they survive a
 * crash. With `PEER_CRASH_EVENT`, the process kills itself (SIGKILL) right after that event's
 * side effect, before acknowledging it. Over IPC it answers `'clocks'` with what it has done so
 * far by its own clocks (Stripe GET requests and their time, statements and their time, events
 * and the handler's time), and profiles itself on request (`serveProfiles`).
 */
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createBilling } from '@tollgate/server';
import { toNodeHandler } from '@tollgate/server/node';
import { createStripeClient } from '@tollgate/stripe-emulator';
import pg from 'pg';
import { BENCH_CATALOG, benchConfig } from '../lib/billing';
import { noClocks } from '../lib/clocks';
import { serveProfiles } from '../lib/profile';
import { createRecipeHandler } from '../lib/recipe';

// tsx switches source maps on; a production build runs without them (see peer.ts).
process.setSourceMapsEnabled(false);

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`BENCH_PEER_ENV: ${name} is not set`);
  return value;
};
const contender = env('PEER_CONTENDER');
const effects = env('PEER_EFFECTS_FILE');
const crashEvent = process.env.PEER_CRASH_EVENT;

const stripe = createStripeClient(
  { url: env('PEER_STRIPE_URL'), secretKey: env('PEER_STRIPE_KEY') },
  { maxNetworkRetries: 0 },
);
/** What this process has done so far (see lib/clocks.ts): answered over IPC (`'clocks'`). */
const clocks = noClocks();
stripe.on('request', (request: { method: string }) => {
  if (request.method === 'GET') clocks.reads++;
});
// The SDK's `elapsed`: from sending the request to its answer.
stripe.on('response', (response: { method: string; elapsed: number }) => {
  if (response.method === 'GET') clocks.readMs += response.elapsed;
});
const db = timedPool(new pg.Pool({ connectionString: env('PEER_DATABASE_URL'), max: 16 }));

/** The pool with every statement's round trip added to {@link clocks}. */
function timedPool(pool: pg.Pool): pg.Pool {
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const timed = async (...args: unknown[]) => {
    const started = performance.now();
    try {
      return await query(...args);
    } finally {
      clocks.statementMs += performance.now() - started;
      clocks.statements++;
    }
  };
  return Object.assign(pool, { query: timed });
}

/** Records a side effect durably, then dies if this is the event to crash on. */
function sideEffect(eventId: string, key = '') {
  appendFileSync(effects, `${eventId} ${key}\n`);
  if (eventId === crashEvent) process.kill(process.pid, 'SIGKILL');
}

const handler =
  contender === 'tollgate'
    ? createBilling(
        benchConfig({
          stripe,
          store: db,
          catalog: BENCH_CATALOG,
          notify: { payment_succeeded: (p) => sideEffect(p.eventId, p.idempotencyKey) },
        }),
      ).handler
    : createRecipeHandler(stripe, db, (event) => {
        if (event.type === 'invoice.paid') sideEffect(event.id);
      });

process.on('message', (message) => {
  if (message === 'clocks') process.send?.(clocks);
});
serveProfiles();
/** The handler, its time per event added to {@link clocks}. */
async function timedHandler(req: Request): Promise<Response> {
  const started = performance.now();
  try {
    return await handler(req);
  } finally {
    clocks.handlerMs += performance.now() - started;
    clocks.events++;
  }
}
const server = createServer(toNodeHandler(timedHandler));
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.send?.({ port: address.port });
});
