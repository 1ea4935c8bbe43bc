import { AsyncLocalStorage } from 'node:async_hooks';
import type Stripe from 'stripe';
import type { DemoUser } from './users';

/**
 * Each demo user's own Stripe test clock (offline demo only). When Tollgate creates the user's
 * Stripe customer it is created on that clock, so "jump to renewal" moves only their
 * subscription — never another user's — and billing reads run on the user's time.
 */
export interface UserClocks {
  /** The user's test clock, creating it on first need. */
  ensure(user: DemoUser): Promise<string>;
  /**
   * A Stripe client whose `customers.create` puts a demo user's customer (`metadata.userId`)
   * on their clock — give it to `createBilling`.
   */
  billingClient(client: Stripe): Stripe;
  /** The user's test clock if they have one already (nothing is created). */
  find(user: DemoUser): Promise<string | null>;
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
  users: readonly DemoUser[];
}

/** Creates the per-user clocks over the Stripe SDK's test-clock API. */
export function createUserClocks(options: UserClocksOptions): UserClocks {
  const { stripe } = options;
  const clocks = new Map<string, Promise<string>>();
  const scope = new AsyncLocalStorage<number>();

  async function existing(user: DemoUser): Promise<string | null> {
    const found = await stripe.customers.list({ email: user.email, limit: 100 });
    const clock = found.data.find((c) => c.metadata?.userId === user.id)?.test_clock;
    return clock ? (typeof clock === 'string' ? clock : clock.id) : null;
  }

  async function create(user: DemoUser): Promise<string> {
    const known = await existing(user);
    if (known) return known;
    const clock = await stripe.testHelpers.testClocks.create({
      frozen_time: options.globalNow(),
      name: `Demo user ${user.email}`,
    });
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
    billingClient(client) {
      const create = client.customers.create.bind(client.customers);
      client.customers.create = (async (
        params?: Stripe.CustomerCreateParams,
        requestOptions?: Stripe.RequestOptions,
      ) => {
        const metadata = params?.metadata || {};
        const user = options.users.find((u) => u.id === metadata.userId);
        const withClock =
          user && !params?.test_clock ? { ...params, test_clock: await self.ensure(user) } : params;
        return create(withClock, requestOptions);
      }) as typeof client.customers.create;
      return client;
    },
    async find(user) {
      const cached = clocks.get(user.id);
      if (cached) return cached;
      const known = await existing(user);
      if (known) clocks.set(user.id, Promise.resolve(known));
      return known;
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
      const clock = user ? await self.find(user) : null;
      if (!clock) return fn();
      const { frozen_time } = await stripe.testHelpers.testClocks.retrieve(clock);
      return scope.run(frozen_time, fn);
    },
    now: () => scope.getStore() ?? options.globalNow(),
  };
  return self;
}
