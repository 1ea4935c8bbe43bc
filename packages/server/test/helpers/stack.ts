import type { ChangePreviewRequest, ChangeResponse, Preview } from '@tollgate/core';
import { createStripeClient, type Emulator, startEmulator } from '@tollgate/stripe-emulator';
import { completeCheckout } from '@tollgate/stripe-emulator/engine/index';
import type Stripe from 'stripe';
import { catalog, get, makeBilling, memoryLogger, post } from '../../../../test/app';
import type { TestDb } from '../../../../test/database';
import { listenLate } from '../../../../test/listen-late';
import type { BillingConfig } from '../../src/config';
import { toNodeHandler } from '../../src/node';
import { pushCatalog } from '../../src/stripe/push-catalog';

/** The emulator, a billing app served over HTTP (so the emulator can deliver webhooks), and helpers. */
export interface Stack {
  emulator: Emulator;
  stripe: Stripe;
  billing: ReturnType<typeof makeBilling>;
  /** A second instance on its own pool and HTTP server (when `replica` was given). */
  replica: ReturnType<typeof makeBilling> | null;
  logger: ReturnType<typeof memoryLogger>;
  /** Waits until every webhook delivery so far has been answered. */
  settle(): Promise<void>;
  /** Checks out `plan` for `user` with a test card through the emulator's engine; settles. */
  subscribe(user: string, plan: string, interval: 'month' | 'year', card?: string): Promise<string>;
  status(user: string): Promise<Record<string, unknown>>;
  /**
   * Previews a plan change for `user`, then applies it with the preview's `prorationDate`, as
   * PlanSwitcher does; throws unless both answer 200. The change's webhooks are not awaited.
   */
  previewThenChange(
    user: string,
    request: ChangePreviewRequest,
  ): Promise<{ preview: Preview; change: ChangeResponse }>;
  /** Moves the emulator clock and waits for the webhooks it caused. */
  advance(seconds: number): Promise<void>;
  /** Moves the emulator clock to a unix time and waits for the webhooks it caused. */
  advanceTo(unix: number): Promise<void>;
  close(): Promise<void>;
}

export const DAY = 86_400;

/** The JSON body of a 200 answer; anything else throws with the body. */
async function ok<T>(response: Promise<Response>): Promise<T> {
  const res = await response;
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body as T;
}

/** Starts an emulator (frozen clock) and a billing app on `db`, with the catalog pushed. */
export async function startStack(
  db: TestDb,
  options: {
    config?: Partial<BillingConfig>;
    start?: Date;
    seed?: number;
    dunning?: { retries: number[]; outcome: 'cancel' | 'unpaid' | 'past_due' };
    /** Run a second instance on this pool, with its own webhook endpoint receiving every event too. */
    replica?: TestDb['db'];
  } = {},
): Promise<Stack> {
  const servers = await Promise.all(Array.from({ length: options.replica ? 2 : 1 }, listenLate));
  const urls = servers.map((server) => `${server.url}/api/billing/webhook`);
  const emulator = await startEmulator({
    start: options.start ?? new Date('2026-03-01T00:00:00Z'),
    webhooks: urls.map((url) => ({ url })),
    webhookRetrySchedule: [30, 60, 120, 240, 480],
    seed: options.seed ?? 1,
    ...(options.dunning ? { dunning: options.dunning } : {}),
  });
  const stripe = createStripeClient(emulator, { maxNetworkRetries: 0 });
  const logger = memoryLogger();
  const build = (store: TestDb['db']) =>
    makeBilling({
      stripe,
      store,
      schema: db.schema,
      webhookSecret: emulator.webhookSecret,
      now: () => new Date(emulator.clock.now() * 1000),
      logger,
      ...options.config,
    });
  const billing = build(db.db);
  const replica = options.replica ? build(options.replica) : null;
  servers[0]!.serve(toNodeHandler(billing));
  if (replica) servers[1]!.serve(toNodeHandler(replica));
  await pushCatalog(stripe, options.config?.catalog ?? catalog);
  const settle = async () => {
    await emulator.idle();
  };
  const stack: Stack = {
    emulator,
    stripe,
    billing,
    replica,
    logger,
    settle,
    async subscribe(user, plan, interval, card = 'pm_card_visa') {
      const res = await billing.handler(post('/checkout', { plan, interval }, user));
      const body = (await res.json()) as { url?: string; error?: unknown };
      if (!body.url) throw new Error(`checkout failed: ${JSON.stringify(body)}`);
      const sessionId = body.url.split('/').pop()!;
      const result = completeCheckout(emulator.engine, sessionId, { paymentMethod: card });
      if (result.status !== 'complete') throw new Error(`checkout ${result.status}`);
      await settle();
      return sessionId;
    },
    async status(user) {
      return (await (await billing.handler(get('/status', user))).json()) as Record<
        string,
        unknown
      >;
    },
    async previewThenChange(user, request) {
      const preview = await ok<Preview>(billing.handler(post('/preview', request, user)));
      const change = await ok<ChangeResponse>(
        billing.handler(
          post('/change', { ...request, prorationDate: preview.prorationDate }, user),
        ),
      );
      return { preview, change };
    },
    async advance(seconds) {
      emulator.clock.advance(seconds);
      await settle();
    },
    async advanceTo(unix) {
      emulator.clock.advance({ until: Math.floor(unix) });
      await settle();
    },
    async close() {
      await emulator.close();
      await Promise.all(servers.map((server) => server.close()));
    },
  };
  return stack;
}
