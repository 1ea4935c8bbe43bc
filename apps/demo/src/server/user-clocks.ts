import { AsyncLocalStorage } from 'node:async_hooks';
import type Stripe from 'stripe';
import type { DemoUser } from './users';

/**
 * Each demo user's own Stripe test clock (offline demo only). The user's Stripe customer is
 * created on it before their first billing call, so "jump to renewal" moves only their
 * subscription — never another user's — and billing reads run on the user's time.
 */
export interface UserClocks {
  /** The user's test clock, creating it (and their customer on it) on first need. */
  ensure(user: DemoUser): Promise<string>;
  /** The user's time (unix seconds). */
  timeOf(user: DemoUser): Promise<number>;
  /** Advances the user's clock to `until` and waits until it is `ready`. */
  advance(user: DemoUser, until: number): Promise<void>;
  /** Runs `fn` with {@link UserClocks.now} answering the user's time. */
  run<T>(user: DemoUser | null, fn: () => Promise<T>): Promise<T>;
  /** The time of the user whose request is running, else the emulator's. */
  now(): number;
}

/** Options of {@link createUserClocks}. */
export interface UserClocksOptions {
  stripe: Stripe;
  /** The emulator's (process-wide) time, unix seconds. */
  globalNow(): number;
  /** Links a new customer to its user in the billing store (Tollgate's `billing.syncCustomer`). */
  link(customerId: string): Promise<unknown>;
}

/** Creates the per-user clocks over the Stripe SDK's test-clock API. */
export function createUserClocks(options: UserClocksOptions): UserClocks {
  const { stripe } = options;
  const clocks = new Map<string, Promise<string>>();
  const scope = new AsyncLocalStorage<number>();

  async function create(user: DemoUser): Promise<string> {
    const found = await stripe.customers.list({ email: user.email, limit: 100 });
    const existing = found.data.find((c) => c.metadata?.userId === user.id);
    const known = existing?.test_clock;
    if (known) return typeof known === 'string' ? known : known.id;
    const clock = await stripe.testHelpers.testClocks.create({
      frozen_time: options.globalNow(),
      name: `Demo user ${user.email}`,
    });
    const customer = await stripe.customers.create({
      email: user.email,
      name: user.name,
      metadata: { userId: user.id },
      test_clock: clock.id,
    });
    await options.link(customer.id);
    return clock.id;
  }

  const self: UserClocks = {
    ensure(user) {
      let clock = clocks.get(user.id);
      if (!clock) {
        clock = create(user);
        clocks.set(user.id, clock);
        clock.catch(() => clocks.delete(user.id));
      }
      return clock;
    },
    async timeOf(user) {
      const clock = await stripe.testHelpers.testClocks.retrieve(await self.ensure(user));
      return clock.frozen_time;
    },
    async advance(user, until) {
      const id = await self.ensure(user);
      await stripe.testHelpers.testClocks.advance(id, { frozen_time: until });
      for (let i = 0; i < 600; i++) {
        if ((await stripe.testHelpers.testClocks.retrieve(id)).status === 'ready') return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`Test clock ${id} did not become ready.`);
    },
    async run(user, fn) {
      if (!user) return fn();
      return scope.run(await self.timeOf(user), fn);
    },
    now: () => scope.getStore() ?? options.globalNow(),
  };
  return self;
}
