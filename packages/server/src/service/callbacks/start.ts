import { BillingError } from '@tollgate/core';
import type { Logger } from '../../logger';
import type { Notifier } from '../../notifier';
import type { Queryable } from '../../store/types';
import type { CallbackConfig } from './config';
import { createCallbackDelivery } from './delivery';
import { callbackNotifier, mergeNotifiers } from './notifier';
import { callbackOutbox } from './outbox';

/** Checks `callbacks` at start-up. */
function checkCallbackConfig(config: CallbackConfig): void {
  const fail = (message: string): never => {
    throw new BillingError('CONFIG_INVALID', `Tollgate service config: callbacks.${message}`);
  };
  if (!URL.canParse(config.url ?? '') || !/^https?:$/.test(new URL(config.url).protocol)) {
    fail('url must be the absolute http(s) URL your app receives callbacks at.');
  }
  if (typeof config.secret !== 'string' || config.secret.length < 32) {
    fail('secret must be at least 32 characters (e.g. `openssl rand -hex 32`).');
  }
}

/**
 * The callback outbox and its delivery for the service: creates the table, delivers what is
 * due (also what an earlier process left), and gives the notifier hooks that feed it.
 */
export function startCallbacks(
  config: CallbackConfig,
  db: Queryable,
  schema: string | null,
  logger: Logger,
) {
  checkCallbackConfig(config);
  const outbox = callbackOutbox(db, schema);
  const created = outbox.create();
  const ready = {
    ...outbox,
    add: async (...args: Parameters<typeof outbox.add>) => {
      await created;
      return outbox.add(...args);
    },
    claimDue: async (...args: Parameters<typeof outbox.claimDue>) => {
      await created;
      return outbox.claimDue(...args);
    },
  };
  created.catch((error: unknown) =>
    logger.error('callback outbox could not be created', { message: (error as Error)?.message }),
  );
  const delivery = createCallbackDelivery(config, ready, logger);
  return {
    /** `notify` (if any) followed by the callback hooks. */
    notify: (own: Notifier | undefined) =>
      mergeNotifiers(
        own,
        callbackNotifier(config, ready, () => void delivery.kick()),
      ),
    stop: () => delivery.stop(),
  };
}
