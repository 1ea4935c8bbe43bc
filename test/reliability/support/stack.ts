import { type Billing, type BillingConfig, pushCatalog, type Queryable } from '@tollgate/server';
import { toNodeHandler } from '@tollgate/server/node';
import {
  createStripeClient,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from '@tollgate/stripe-emulator';
import { completeCheckout, settleCheckoutAction } from '@tollgate/stripe-emulator/engine/index';
import type Stripe from 'stripe';
import { catalog, makeBilling, memoryLogger, post } from '../../app';
import { listenLate } from '../../listen-late';
import type { ReliabilityDb } from './db';

export const DAY = 86_400;

/** One handler instance (a "process"): its own Stripe client, pool and HTTP server. */
export interface Instance {
  name: string;
  billing: Billing;
  stripe: Stripe;
  url: string;
}

/** What each instance is built from; the callback may wrap the pool or add hooks. */
export interface InstanceSetup {
  store: Queryable;
  index: number;
}

/** Options of {@link startStack}. */
export interface StackOptions {
  db: ReliabilityDb;
  /** How many handler instances (each gets its own webhook endpoint). Default 1. */
  instances?: number;
  seed?: number;
  emulator?: Partial<EmulatorOptions>;
  /** Extra config per instance (notify, store wrapper, logger…). */
  configure?: (setup: InstanceSetup) => Partial<BillingConfig>;
  /** Sees every answer the served instances give (webhook deliveries included). */
  onResponse?: (res: Response) => void | Promise<void>;
  /** Register the instances as webhook endpoints (default true); false: deliver by hand. */
  deliver?: boolean;
  /** Stripe client per instance; default the SDK at the emulator with its default 2 retries. */
  stripeFor?: (emulator: Emulator, index: number) => Stripe;
}

/** An emulator with every instance registered as a webhook endpoint, catalog pushed. */
export interface Stack {
  emulator: Emulator;
  /** A client for the test's own reads and engine-independent checks. */
  stripe: Stripe;
  instances: Instance[];
  logger: ReturnType<typeof memoryLogger>;
  /** Another instance like the first (cold caches), not registered for webhooks. */
  fresh(): Billing;
  /** Checks out through `instance`'s /checkout and pays on the emulator's hosted page. */
  subscribe(
    user: string,
    plan: string,
    interval: 'month' | 'year',
    card: string,
    via?: number,
  ): Promise<void>;
  close(): Promise<void>;
}

/** Starts the emulator (frozen clock) and the handler instances over HTTP. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const count = options.instances ?? 1;
  const servers = await Promise.all(Array.from({ length: count }, listenLate));
  const urls = servers.map((server) => server.url);
  const emulator = await startEmulator({
    start: new Date('2026-03-01T00:00:00Z'),
    seed: options.seed ?? 1,
    webhookRetrySchedule: [20, 50, 100, 200, 400, 800, 1_500],
    ...options.emulator,
    webhooks:
      options.deliver === false ? [] : urls.map((url) => ({ url: `${url}/api/billing/webhook` })),
  });
  const logger = memoryLogger();
  const build = (index: number) => {
    const stripe = options.stripeFor?.(emulator, index) ?? createStripeClient(emulator);
    const store = options.db.pools[index % 2]!;
    const billing = makeBilling({
      stripe,
      store,
      schema: options.db.schema,
      webhookSecret: emulator.webhookSecret,
      logger,
      now: () => new Date(emulator.clock.now() * 1000),
      ...options.configure?.({ store, index }),
    });
    return { stripe, billing };
  };
  const instances: Instance[] = urls.map((url, index) => {
    const { stripe, billing } = build(index);
    const observe = options.onResponse;
    servers[index]!.serve(
      toNodeHandler(
        observe
          ? async (req: Request) => {
              const res = await billing.handler(req);
              await observe(res.clone());
              return res;
            }
          : billing,
      ),
    );
    return { name: String.fromCharCode(65 + index), billing, stripe, url };
  });
  const stripe = createStripeClient(emulator);
  await pushCatalog(stripe, catalog);
  return {
    emulator,
    stripe,
    instances,
    logger,
    fresh: () => build(0).billing,
    async subscribe(user, plan, interval, card, via = 0) {
      const instance = instances[via % instances.length]!;
      const res = await instance.billing.handler(post('/checkout', { plan, interval }, user));
      const body = (await res.json()) as { url?: string };
      if (!body.url)
        throw new Error(`checkout for ${user} answered ${res.status}: ${JSON.stringify(body)}`);
      const sessionId = body.url.split('/').pop()!;
      // The emulator declines 0341 at checkout even under a trial: pay with a good card, then
      // switch to the failing one (as a customer does in the portal) so renewals fail.
      const later = card === 'pm_card_chargeCustomerFail' ? card : null;
      let result = completeCheckout(emulator.engine, sessionId, {
        paymentMethod: later ? 'pm_card_visa' : card,
      });
      if (result.status === 'requires_action') {
        result = settleCheckoutAction(emulator.engine, sessionId, 'complete');
      }
      if (result.status !== 'complete') throw new Error(`checkout for ${user}: ${result.status}`);
      if (later) {
        const customer = String(result.session.customer);
        const pm = await stripe.paymentMethods.attach(later, { customer });
        await stripe.customers.update(customer, {
          invoice_settings: { default_payment_method: pm.id },
        });
        await stripe.subscriptions.update(String(result.session.subscription), {
          default_payment_method: pm.id,
        });
      }
    },
    async close() {
      await emulator.close();
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}
