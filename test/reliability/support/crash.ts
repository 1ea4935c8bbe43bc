import type { NotificationType, Notifier, Queryable } from '@tollgate/server';

/** Deterministic "one in n" choice from a string (event ids, customer ids). */
export function pick(key: string, n: number, salt = 0): boolean {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % n === 0;
}

/** Injected crashes: thrown on purpose, counted, recognisable in logs. */
export const INJECTED = 'injected crash';

/**
 * A store wrapper that kills a sync: the n-th, 2n-th… record statement (the snapshot write with
 * the ledger claims, which ends a sync) throws instead of running, while `armed` is true. The
 * Stripe read has already happened and nothing is recorded, so the webhook must answer 500 and
 * Stripe's retry finish the event.
 */
export function crashingStore(db: Queryable, every: number) {
  let writes = 0;
  const state = { armed: false, injected: 0 };
  const store: Queryable = {
    // The pool's size, so the store keeps as many statements in flight as it would unwrapped.
    ...(db.options ? { options: db.options } : {}),
    query(text, params) {
      if (state.armed && /tollgate_record_(one|batch)\(/.test(text)) {
        writes += 1;
        if (writes % every === 0) {
          state.injected += 1;
          return Promise.reject(new Error(`${INJECTED}: snapshot write killed`));
        }
      }
      return db.query(text, params);
    },
  };
  return { store, state };
}

/**
 * Notifier hooks that record each side effect per (event id, hook), shared by every instance.
 * For events picked by `crashOneIn`, the first call throws before the side effect — an injected
 * failure after the claim — so only the retry may record it.
 */
export function recordingNotifier(crashOneIn: number) {
  const fired = new Map<string, number>();
  const crashed = new Set<string>();
  const state = { armed: false, injected: 0 };
  const hook =
    (type: NotificationType) =>
    (payload: { eventId: string }): void => {
      const key = `${payload.eventId} ${type}`;
      if (state.armed && pick(payload.eventId, crashOneIn, 7) && !crashed.has(key)) {
        crashed.add(key);
        state.injected += 1;
        throw new Error(`${INJECTED}: ${type} hook failed for ${payload.eventId}`);
      }
      fired.set(key, (fired.get(key) ?? 0) + 1);
    };
  const notify: Notifier = {
    checkout_completed: hook('checkout_completed'),
    trial_ending: hook('trial_ending'),
    payment_failed: hook('payment_failed'),
    action_required: hook('action_required'),
    payment_succeeded: hook('payment_succeeded'),
    subscription_canceled: hook('subscription_canceled'),
    plan_changed: hook('plan_changed'),
  };
  return { notify, fired, state };
}
