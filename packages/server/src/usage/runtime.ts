import type { BillingContext } from '../context';
import {
  createDeliverer,
  type Deliverer,
  type DeliveryRound,
  type DeliverySettings,
} from './deliverer';
import { type MeterDirectory, meterDirectory } from './meters';
import { type Outbox, outboxQueries } from './outbox';
import type { SummaryDeps } from './summaries';

/** How usage reaches Stripe: `in-process` (default) or `external` (`tollgate usage flush`, a worker). */
export type DeliveryMode = 'in-process' | 'external';

/** The `usage` part of the billing config. */
export interface UsageConfig extends Partial<DeliverySettings> {
  /** Default `in-process`: this process delivers what it records (and what others left). */
  deliver?: DeliveryMode;
  /** How often an idle in-process deliverer looks for work while rows are pending (ms, default 1000). */
  pollMs?: number;
}

const LIVE_KEY = /^(sk|rk)_live_/;

/** Delivery settings with defaults; the rate follows Stripe's limit for the key's mode. */
export function deliverySettings(
  config: UsageConfig | undefined,
  secretKey: string | null,
): DeliverySettings {
  return {
    ratePerSecond: config?.ratePerSecond ?? (secretKey && LIVE_KEY.test(secretKey) ? 1000 : 25),
    batchSize: config?.batchSize ?? 200,
    leaseSeconds: config?.leaseSeconds ?? 60,
    backoff: config?.backoff ?? { baseMs: 1000, maxMs: 5 * 60_000 },
    concurrency: config?.concurrency ?? 4,
    summarySettleSeconds: config?.summarySettleSeconds ?? 60,
  };
}

/** The usage machinery of one billing instance: outbox statements, deliverer, background loop. */
export interface UsageRuntime {
  outbox: Outbox;
  deliverer: Deliverer;
  /** Stripe's meters by event name (formula, id), cached. */
  meters: MeterDirectory;
  /** What reading and caching Stripe's meter summaries needs. */
  summaryDeps: SummaryDeps;
  /** Wakes the in-process deliverer (after a record). */
  kick(): void;
  /** Stops the in-process deliverer; resolves when its current round is done. */
  stop(): Promise<void>;
}

/** Builds the usage runtime; the in-process loop sleeps until the first kick. */
export function createUsageRuntime(
  ctx: BillingContext,
  settings: DeliverySettings,
  mode: DeliveryMode,
  pollMs: number,
): UsageRuntime {
  const outbox = outboxQueries(ctx.store.tables);
  const summaryDeps: SummaryDeps = {
    stripe: ctx.stripe,
    db: ctx.config.store,
    store: ctx.store,
    outbox,
    meters: meterDirectory(ctx.stripe),
    settleSeconds: settings.summarySettleSeconds,
  };
  const deliverer = createDeliverer({ ...summaryDeps, logger: ctx.config.logger, settings });
  let timer: ReturnType<typeof setTimeout> | null = null;
  let current: Promise<void> | null = null;
  let stopped = false;

  const schedule = (ms: number) => {
    if (stopped || timer || current) return;
    timer = setTimeout(() => {
      timer = null;
      current = run().then((next) => {
        current = null;
        if (next !== null) schedule(next);
      });
    }, ms);
    (timer as { unref?: () => void }).unref?.();
  };

  /** One round; resolves to when to run the next (null: sleep until kicked). */
  const run = async (): Promise<number | null> => {
    let next: number | null = null;
    try {
      await ctx.ready();
      const round: DeliveryRound = await deliverer.deliverOnce();
      const worked = round.sealed + round.delivered + round.duplicates + round.refused > 0;
      if (worked) next = 0;
      else if (await outbox.hasPending(ctx.config.store)) next = pollMs;
    } catch (error) {
      ctx.config.logger.warn('Usage delivery round failed; retrying', { error: String(error) });
      next = pollMs;
    }
    return next;
  };

  return {
    outbox,
    deliverer,
    meters: summaryDeps.meters,
    summaryDeps,
    kick: () => {
      if (mode === 'in-process') schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await current;
    },
  };
}
