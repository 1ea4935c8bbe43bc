import type { Logger } from '../logger';
import { backoffMs } from '../pacing/backoff';
import { tokenBucket } from '../pacing/token-bucket';
import type { UsageBatch } from './outbox';
import { sendBatch } from './send';
import { refreshSummaries, type SummaryDeps } from './summaries';

/** Settings of the usage deliverer (`usage` in the billing config). */
export interface DeliverySettings {
  /** Meter events per second sent to Stripe (Stripe: 1,000/s live; test mode counts toward 25/s). */
  ratePerSecond: number;
  /** Rows sealed and meter events claimed per round. */
  batchSize: number;
  /** How long a claim holds before another deliverer may take it over (a crashed one). */
  leaseSeconds: number;
  /** Backoff after a 429/5xx: `baseMs × 2^(attempt−1)`, jittered, at most `maxMs`. */
  backoff: { baseMs: number; maxMs: number };
  /** Meter events in flight at once (never two for one customer and meter, as Stripe asks). */
  concurrency: number;
  /**
   * How long Stripe may take to aggregate delivered meter events into its summaries, which are
   * eventually consistent (seconds, default 60): a summary read within this long of a delivery
   * is read again after it, so GET /usage and hard limits catch up with what Stripe holds.
   */
  summarySettleSeconds: number;
}

/** What one delivery round did. */
export interface DeliveryRound {
  sealed: number;
  delivered: number;
  duplicates: number;
  retried: number;
  refused: number;
}

interface Deps extends SummaryDeps {
  logger: Logger;
  settings: DeliverySettings;
}

/**
 * The usage deliverer: seals pending outbox rows into meter events, claims due ones with a lease
 * (SKIP LOCKED, so any number of instances share the work), sends them to Stripe at the
 * configured rate, and records each answer. A crash anywhere leaves rows pending or claimed; the
 * lease runs out and the same meter event — same identifier, same value — is sent again, which
 * Stripe answers as a duplicate: nothing lost, nothing counted twice.
 */
export function createDeliverer(deps: Deps) {
  const { outbox, db, settings } = deps;
  // Stripe's meter-event limit is per second, and a bucket lets `burst + perSecond` through in a
  // second: a tenth of the rate as the burst and the rest as the refill keep every second within
  // it (a whole second's burst on top of the refill sent up to twice the rate, answered 429).
  const burst = Math.max(1, Math.floor(settings.ratePerSecond / 10));
  const limiter = tokenBucket({
    perSecond: Math.max(settings.ratePerSecond - burst, settings.ratePerSecond / 2),
    burst,
  });
  const delaySeconds = (attempts: number) =>
    backoffMs(attempts, { ...settings.backoff, jitter: 'equal' }) / 1000;

  async function sendAll(batches: UsageBatch[], round: DeliveryRound): Promise<UsageBatch[]> {
    const lanes = new Map<string, UsageBatch[]>();
    for (const b of batches) {
      const key = `${b.customerId}|${b.meter}`;
      const lane = lanes.get(key);
      if (lane) lane.push(b);
      else lanes.set(key, [b]);
    }
    const queue = [...lanes.values()];
    const delivered: UsageBatch[] = [];
    const worker = async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        for (const batch of lane) {
          await limiter.take();
          const outcome = await sendBatch(deps.stripe, batch);
          if (outcome.kind === 'delivered' || outcome.kind === 'duplicate') {
            delivered.push(batch);
            round[outcome.kind === 'delivered' ? 'delivered' : 'duplicates'] += 1;
          } else if (outcome.kind === 'retry') {
            if (outcome.rateLimited) limiter.pause(1000);
            round.retried += 1;
            await outbox.retryLater(
              db,
              [batch.identifier],
              delaySeconds(batch.attempts),
              outcome.reason,
            );
          } else {
            round.refused += 1;
            await outbox.refused(db, batch.identifier, outcome.reason);
            deps.logger.error('Stripe refused a meter event; it is kept as refused', {
              identifier: batch.identifier,
              meter: batch.meter,
              customerId: batch.customerId,
              value: batch.value,
              reason: outcome.reason,
            });
          }
        }
      }
    };
    await Promise.all(Array.from({ length: settings.concurrency }, worker));
    return delivered;
  }

  /** One round: seal, claim, send, record. */
  async function deliverOnce(): Promise<DeliveryRound> {
    const round: DeliveryRound = { sealed: 0, delivered: 0, duplicates: 0, retried: 0, refused: 0 };
    round.sealed = await outbox.seal(db, settings.batchSize, await deps.meters.summing());
    const claimed = await outbox.claim(db, settings.batchSize, settings.leaseSeconds);
    if (claimed.length === 0) return round;
    const delivered = await sendAll(claimed, round);
    await outbox.delivered(
      db,
      delivered.map((b) => b.identifier),
    );
    await refreshSummaries(deps, delivered).catch((error: unknown) =>
      deps.logger.warn('Could not refresh meter event summaries after delivery', {
        error: String(error),
      }),
    );
    return round;
  }

  /**
   * Delivers until nothing is due (rows waiting out a backoff stay for a later call). Returns
   * the totals.
   */
  async function flush(): Promise<DeliveryRound> {
    const total: DeliveryRound = { sealed: 0, delivered: 0, duplicates: 0, retried: 0, refused: 0 };
    for (;;) {
      const round = await deliverOnce();
      for (const k of Object.keys(total) as (keyof DeliveryRound)[]) total[k] += round[k];
      const sent = round.delivered + round.duplicates + round.retried + round.refused;
      if (round.sealed === 0 && sent === 0) return total;
    }
  }

  return { deliverOnce, flush };
}

/** A deliverer of one billing instance. */
export type Deliverer = ReturnType<typeof createDeliverer>;
