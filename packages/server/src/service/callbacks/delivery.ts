import type { Logger } from '../../logger';
import { backoffMs } from '../../pacing/backoff';
import type { CallbackConfig } from './config';
import type { CallbackOutbox, CallbackRow } from './outbox';
import { CALLBACK_SIGNATURE_HEADER, signCallback } from './sign';

/**
 * Delivers the outbox at least once: POSTs each due callback with its signature and its id as
 * `Idempotency-Key` (the same on every retry: the receiver drops repeats), marks a 2xx as
 * delivered, and schedules anything else again with exponential backoff until `maxAttempts`.
 */
export function createCallbackDelivery(
  config: CallbackConfig,
  outbox: CallbackOutbox,
  logger: Logger,
) {
  const backoff = { baseMs: config.baseDelayMs ?? 2_000, maxMs: config.maxDelayMs ?? 3_600_000 };
  const maxAttempts = config.maxAttempts ?? 12;
  const timeoutMs = config.timeoutMs ?? 10_000;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const attempt = async (row: CallbackRow): Promise<void> => {
    const body = JSON.stringify({ id: row.id, type: row.type, data: row.payload });
    let problem: string;
    try {
      const response = await fetch(config.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': row.id,
          [CALLBACK_SIGNATURE_HEADER]: signCallback(
            body,
            config.secret,
            Math.floor(Date.now() / 1000),
          ),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        await outbox.delivered(row.id);
        logger.info('callback delivered', {
          callbackId: row.id,
          type: row.type,
          attempt: row.attempts + 1,
        });
        return;
      }
      problem = `HTTP ${response.status}`;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    const attempts = row.attempts + 1;
    const giveUp = attempts >= maxAttempts;
    await outbox.failed(row.id, problem, giveUp ? null : backoffMs(attempts, backoff) / 1000);
    logger[giveUp ? 'error' : 'warn'](
      giveUp ? 'callback given up' : 'callback failed, will retry',
      {
        callbackId: row.id,
        type: row.type,
        attempt: attempts,
        problem,
      },
    );
  };

  const drain = async (): Promise<void> => {
    do {
      again = false;
      // The lease outlives one attempt, so a slow receiver is not called twice at once.
      const rows = await outbox.claimDue(20, Math.ceil(timeoutMs / 1000) + 5);
      await Promise.all(rows.map(attempt));
      if (rows.length === 20) again = true;
    } while (again && !stopped);
  };

  /** Starts a delivery pass (or asks the running one to look again). */
  const kick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = drain()
      .catch((error: unknown) => {
        logger.error('callback delivery failed', { message: (error as Error)?.message });
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => void kick(), config.pollMs ?? 1_000);
  timer.unref();
  return {
    kick,
    /** Stops polling and waits for the pass in progress. */
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
