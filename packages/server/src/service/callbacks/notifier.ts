import { NOTIFICATION_TYPES, type NotificationType, type Notifier } from '../../notifier';
import type { CallbackConfig } from './config';
import type { CallbackOutbox } from './outbox';

/**
 * Notifier hooks that store each notification in the outbox under its `idempotencyKey`
 * (`tollgate:<Stripe event id>:<hook>`, also the callback's `Idempotency-Key`) and start a
 * delivery. A failed store fails the Stripe event, which Stripe then retries: nothing is lost
 * between the event and the callback.
 */
export function callbackNotifier(
  config: CallbackConfig,
  outbox: CallbackOutbox,
  kick: () => void,
): Notifier {
  const hooks: readonly NotificationType[] = config.hooks ?? NOTIFICATION_TYPES;
  return Object.fromEntries(
    hooks.map((type) => [
      type,
      async (payload: { idempotencyKey: string }) => {
        await outbox.add(payload.idempotencyKey, type, payload);
        kick();
      },
    ]),
  ) as Notifier;
}

/** Runs both notifiers' hooks for each type: the in-process one first. */
export function mergeNotifiers(a: Notifier | undefined, b: Notifier): Notifier {
  const merged: Record<string, (payload: never) => Promise<void>> = {};
  for (const type of NOTIFICATION_TYPES) {
    const first = a?.[type] as ((p: never) => unknown) | undefined;
    const second = b[type] as ((p: never) => unknown) | undefined;
    if (!first && !second) continue;
    merged[type] = async (payload) => {
      await first?.(payload);
      await second?.(payload);
    };
  }
  return merged as Notifier;
}
