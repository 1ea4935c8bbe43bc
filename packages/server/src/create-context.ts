import type { ResolvedConfig } from './config';
import { type BillingContext, statusEntryOf } from './context';
import { announcingWrites, createStatusCache, type StatusCache } from './status-cache';
import { migrate, statusTriggers } from './store/migrations';
import { listenForStatus } from './store/notices';
import { embeddedStoreNotice } from './store/open';
import { tableNames } from './store/sql';
import { createStore, type Store } from './store/store';
import { stripeClient } from './stripe/client';
import { createPriceResolver } from './stripe/prices';
import { createReadBudget } from './sync/budget';
import { type CustomerRead, createSyncCoordinator } from './sync/coordinator';
import { createCustomerReader } from './sync/read';
import { createManagedCheck } from './webhook/managed';

/** Parts a caller may supply instead of the defaults (benchmarks swap the store or the read). */
export interface ContextParts {
  store?: Store;
  read?: (customerId: string) => Promise<CustomerRead>;
}

/**
 * Wires what every handler shares: the Stripe client, the store on `config.store`, the price
 * resolver, the sync coordinator reading customers from Stripe, and `ready()`, which applies the
 * migrations once when `config.migrate` is set (and again after a failed attempt).
 */
export function createContext(config: ResolvedConfig, parts: ContextParts = {}): BillingContext {
  const stripe = stripeClient(config.stripe);
  let readiness: Promise<void> | null = null;
  let isReady = !config.migrate;
  const ready = () => {
    if (!config.migrate) return Promise.resolve();
    if (!readiness) {
      readiness = migrate(config.store, config.schema ?? null).then((applied) => {
        if (config.storeKind === 'pglite') config.logger.warn(embeddedStoreNotice(applied));
        isReady = true;
      });
      readiness.catch(() => {
        readiness = null;
      });
    }
    return readiness;
  };
  const stored = parts.store ?? createStore(config.store, config.schema ?? null);
  const statusCache = openStatusCache(config, stored, ready);
  const store = statusCache ? announcingWrites(stored, statusCache) : stored;
  const prices = createPriceResolver(stripe, config.catalog);
  const budget = createReadBudget(config.stripeReads);
  const coordinator = createSyncCoordinator({
    store,
    read:
      parts.read ??
      createCustomerReader(stripe, config.catalog, prices, config.now, config.logger, budget),
    onLinkConflict: (customerId, note) =>
      config.logger.warn(`link conflict, the stored link was kept: ${note}`, { customerId }),
    coalesceMs: config.stripeReads.coalesceMs,
  });
  return {
    config,
    stripe,
    store,
    prices,
    sync: coordinator.sync,
    syncWithClaim: coordinator.syncWithClaim,
    manages: createManagedCheck(store, stripe, budget),
    ready,
    isReady: () => isReady,
    statusCache,
  };
}

/**
 * The status cache when `config.statusCache` is on: entries derived from `store`, dropped by the
 * store's notices (`LISTEN tollgate_status`), heartbeats at a quarter of `maxStaleMs`. Once it
 * listens, and once `ready` has migrated the store, it installs the status triggers if missing.
 */
function openStatusCache(
  config: ResolvedConfig,
  store: Store,
  ready: () => Promise<void>,
): StatusCache | null {
  const settings = config.statusCache;
  if (!settings) return null;
  return createStatusCache({
    ...settings,
    load: async (userId) => statusEntryOf(config, await store.readUser(userId)),
    now: () => config.now().getTime(),
    listen: (handlers) =>
      listenForStatus(config.store, handlers, {
        heartbeatMs: Math.max(Math.floor(settings.maxStaleMs / 4), 1),
        timeoutMs: settings.maxStaleMs,
        prepare: async (run) => {
          await ready();
          for (const statement of statusTriggers(tableNames(config.schema ?? null))) {
            await run(statement);
          }
        },
      }),
    onProblem: (message) => config.logger.warn(message),
  });
}
