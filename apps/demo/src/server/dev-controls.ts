import type Stripe from 'stripe';
import type { UserClocks } from './user-clocks';
import type { DemoUser } from './users';

/** Options of {@link createDevControls}. */
export interface DevControlsOptions {
  stripe: Stripe;
  /** Each user's test clock in the offline demo; null against real Stripe (no clock to move). */
  clocks: UserClocks | null;
  /** Resolves once the emulator's work and its webhook deliveries have been handled. */
  settle(): Promise<void>;
  users: readonly DemoUser[];
}

/** What a developer-panel action answered. */
export type DevResult =
  | { ok: true; message: string }
  | { ok: false; status: 400 | 409; code: string; message: string };

/** The developer panel's actions. */
export interface DevControls {
  /** The mode and the signed-in user's time (their own test clock in the offline demo). */
  info(user: DemoUser): Promise<{ mode: 'emulator' | 'stripe'; now: string }>;
  run(action: string, user: DemoUser): Promise<DevResult>;
  /**
   * Called after a payment of the user failed: if "Make the next payment fail" armed their
   * account, their own card is put back, so only that one payment fails.
   */
  paymentFailed(userId: string | null): Promise<void>;
}

/** Customer metadata holding the card "Make the next payment fail" replaced, until it is put back. */
export const RESTORE_CARD_KEY = 'demo_restore_card';

const DAY = 86_400;
/**
 * Stripe finalizes (and charges) a renewal or trial-end invoice about an hour after creating it;
 * go a little past that, and well before the first retry a day later.
 */
const RENEWAL_SLACK = 2 * 3600;

/** Test cards the panel switches to (FACTS.md). */
const CARDS = {
  'fail-next-payment': {
    token: 'pm_card_chargeCustomerFail',
    label: '4000 0000 0000 0341 for the next payment only: your card comes back once it fails',
  },
  'require-3ds': {
    token: 'pm_card_authenticationRequired',
    label: '4000 0027 6000 3184 (3D Secure on every charge)',
  },
} as const;

const fail = (status: 400 | 409, code: string, message: string): DevResult => ({
  ok: false,
  status,
  code,
  message,
});

/**
 * Creates the developer panel's actions over the Stripe SDK. Time actions move the signed-in
 * user's own test clock only, so one user's "jump to renewal" never renews another's plan.
 */
export function createDevControls(options: DevControlsOptions): DevControls {
  const { stripe, clocks, users } = options;
  const now = async (user: DemoUser) =>
    clocks ? clocks.timeOf(user) : Math.floor(Date.now() / 1000);

  /** The user's Stripe customer (Tollgate creates it with their email and `metadata.userId`). */
  async function customerOf(user: DemoUser): Promise<string | null> {
    const list = await stripe.customers.list({ email: user.email, limit: 100 });
    return list.data.find((customer) => customer.metadata?.userId === user.id)?.id ?? null;
  }

  async function liveSubscription(customer: string | null): Promise<Stripe.Subscription | null> {
    if (!customer) return null;
    const list = await stripe.subscriptions.list({ customer, status: 'all', limit: 10 });
    return (
      list.data.find((sub) => !['canceled', 'incomplete_expired'].includes(sub.status)) ?? null
    );
  }

  async function advanceTo(user: DemoUser, until: number, what: string): Promise<DevResult> {
    if (!clocks) return fail(409, 'EMULATOR_ONLY', 'The clock only moves in the offline demo.');
    const current = await clocks.timeOf(user);
    if (until > current) await clocks.advance(user, until);
    await options.settle();
    return { ok: true, message: `Moved your clock ${what}.` };
  }

  async function setDefaultCard(customer: string, pm: string): Promise<void> {
    await stripe.customers.update(customer, { invoice_settings: { default_payment_method: pm } });
    const sub = await liveSubscription(customer);
    if (sub) await stripe.subscriptions.update(sub.id, { default_payment_method: pm });
  }

  const idOf = (pm: string | { id: string } | null | undefined) =>
    typeof pm === 'string' ? pm : (pm?.id ?? null);

  async function switchCard(user: DemoUser, action: keyof typeof CARDS): Promise<DevResult> {
    const card = CARDS[action];
    const customer = await customerOf(user);
    if (!customer) {
      return fail(
        409,
        'NO_CUSTOMER',
        'Subscribe first: there is no Stripe customer to change yet.',
      );
    }
    let restore = '';
    if (action === 'fail-next-payment') {
      // Remember the card in use (the subscription's, else the customer's) to put it back.
      const [current, sub] = await Promise.all([
        stripe.customers.retrieve(customer),
        liveSubscription(customer),
      ]);
      const armed = 'deleted' in current ? undefined : current.metadata?.[RESTORE_CARD_KEY];
      restore =
        armed ||
        idOf(sub?.default_payment_method) ||
        ('deleted' in current ? null : idOf(current.invoice_settings?.default_payment_method)) ||
        '';
      if (!restore) {
        return fail(409, 'NO_CARD', 'You have no card on file whose next payment could fail.');
      }
    }
    const pm = await stripe.paymentMethods.attach(card.token, { customer });
    // `restore` empty unsets the key: switching to 3D Secure is for good.
    await stripe.customers.update(customer, { metadata: { [RESTORE_CARD_KEY]: restore } });
    await setDefaultCard(customer, pm.id);
    await options.settle();
    return { ok: true as const, message: `Your default card is now ${card.label}.` };
  }

  return {
    info: async (user) => ({
      mode: clocks ? 'emulator' : 'stripe',
      now: new Date((await now(user)) * 1000).toISOString(),
    }),
    async run(action, user) {
      switch (action) {
        case 'advance-day':
          return advanceTo(user, (await now(user)) + DAY, 'forward one day');
        case 'trial-end': {
          const sub = await liveSubscription(await customerOf(user));
          if (!sub?.trial_end || sub.status !== 'trialing') {
            return fail(409, 'NO_TRIAL', 'You have no trial running — start one from Pricing.');
          }
          return advanceTo(user, sub.trial_end + RENEWAL_SLACK, 'past your trial end');
        }
        case 'renewal': {
          const sub = await liveSubscription(await customerOf(user));
          const end = sub?.items.data[0]?.current_period_end;
          if (!sub || !end) {
            return fail(
              409,
              'NO_SUBSCRIPTION',
              'You have no subscription to renew — subscribe first.',
            );
          }
          return advanceTo(user, end + RENEWAL_SLACK, 'past your renewal date');
        }
        case 'fail-next-payment':
        case 'require-3ds':
          return switchCard(user, action);
        default:
          return fail(
            400,
            'UNKNOWN_ACTION',
            `No developer action "${action}" — use advance-day, trial-end, renewal, fail-next-payment or require-3ds.`,
          );
      }
    },
    async paymentFailed(userId) {
      const user = users.find((u) => u.id === userId);
      const customer = user ? await customerOf(user) : null;
      if (!customer) return;
      const current = await stripe.customers.retrieve(customer);
      const restore = 'deleted' in current ? undefined : current.metadata?.[RESTORE_CARD_KEY];
      if (!restore) return;
      await stripe.customers.update(customer, { metadata: { [RESTORE_CARD_KEY]: '' } });
      await setDefaultCard(customer, restore);
    },
  };
}
