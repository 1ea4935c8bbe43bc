import { createRandom, type Random, shuffled, streamSeed } from './random.js';

/** How an event's copy is duplicated: not at all, a second delivery a little later, or two at once. */
export type DuplicateMode = 'none' | 'sequential' | 'concurrent';

/** What the deliverer does with one event for one endpoint, decided when the event is enqueued. */
export interface WebhookDeliveryPlan {
  /** Wait this long before the first attempt. */
  delayMs: number;
  /** The first attempt is "lost" (never sent, recorded as `dropped`); the retry delivers it. */
  dropFirst: boolean;
  /** Whether the endpoint receives the event twice, and how. */
  duplicate: DuplicateMode;
  /** For `sequential` duplicates: how long after the first copy the second is sent. */
  duplicateDelayMs: number;
}

/** A plan together with the event and endpoint it was drawn for (for reproducibility checks). */
export interface WebhookFaultDecision extends WebhookDeliveryPlan {
  eventId: string;
  endpointId: string;
}

/** Settings for holding a batch of events and releasing it in a seeded random order. */
export interface ShuffleSettings {
  /** Release when this many deliveries are held (default 5). */
  batch: number;
  /** …or when the oldest held delivery has waited this long (default 50 ms). */
  holdMs: number;
}

/** Webhook fault controls. Each kind draws from its own seeded stream, so they combine freely. */
export interface WebhookFaults {
  /** Deliver events a second time, `delayMs` (default 0–20 ms, seeded) after the first copy. */
  duplicate(options?: { rate?: number; maxDelayMs?: number }): void;
  /** Send the same event twice at the same moment (two simultaneous POSTs). */
  concurrentDuplicates(options?: { rate?: number }): void;
  /** Delay the first attempt by a seeded amount between `minMs` and `maxMs`. */
  delay(options: { maxMs: number; minMs?: number; rate?: number }): void;
  /** Lose the first attempt (nothing is sent) so that the first retry delivers the event. */
  dropThenRetry(options?: { rate?: number }): void;
  /** Hold deliveries and release each batch shuffled. */
  shuffle(options?: Partial<ShuffleSettings>): void;
  /** Used by the deliverer: draws the plan for one event × endpoint. */
  plan(eventId: string, endpointId: string): WebhookDeliveryPlan;
  /** Used by the deliverer: the active shuffle settings, or `null`. */
  shuffleSettings(): ShuffleSettings | null;
  /** Used by the deliverer: a seeded permutation of a released batch. */
  order<T>(items: readonly T[]): T[];
  /** Every plan drawn since the last reset, in draw order. */
  readonly decisions: readonly WebhookFaultDecision[];
  /** Turns every webhook fault off, clears `decisions` and rewinds the PRNG streams. */
  reset(): void;
}

interface Settings {
  duplicate: { rate: number; maxDelayMs: number } | null;
  concurrent: { rate: number } | null;
  delay: { rate: number; minMs: number; maxMs: number } | null;
  drop: { rate: number } | null;
  shuffle: ShuffleSettings | null;
}

const empty = (): Settings => ({
  duplicate: null,
  concurrent: null,
  delay: null,
  drop: null,
  shuffle: null,
});

function checkRate(rate: number | undefined, kind: string): number {
  const r = rate ?? 1;
  if (!(r >= 0 && r <= 1)) throw new RangeError(`${kind} rate must be between 0 and 1, got ${r}`);
  return r;
}

function checkMs(value: number, name: string): number {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a non-negative number of milliseconds, got ${value}`);
  }
  return value;
}

/** Creates webhook fault controls whose draws come from `seed`. */
export function createWebhookFaults(seed: number): WebhookFaults {
  const streams = () => ({
    duplicate: createRandom(streamSeed(seed, 'webhooks.duplicate')),
    concurrent: createRandom(streamSeed(seed, 'webhooks.concurrent')),
    delay: createRandom(streamSeed(seed, 'webhooks.delay')),
    drop: createRandom(streamSeed(seed, 'webhooks.drop')),
    shuffle: createRandom(streamSeed(seed, 'webhooks.shuffle')),
  });
  let random: Record<keyof ReturnType<typeof streams>, Random> = streams();
  let settings = empty();
  const decisions: WebhookFaultDecision[] = [];

  return {
    duplicate(options = {}) {
      settings.duplicate = {
        rate: checkRate(options.rate, 'duplicate'),
        maxDelayMs: checkMs(options.maxDelayMs ?? 20, 'duplicate maxDelayMs'),
      };
    },
    concurrentDuplicates(options = {}) {
      settings.concurrent = { rate: checkRate(options.rate, 'concurrentDuplicates') };
    },
    delay(options) {
      const minMs = checkMs(options.minMs ?? 0, 'delay minMs');
      const maxMs = checkMs(options.maxMs, 'delay maxMs');
      if (maxMs < minMs) throw new RangeError(`delay maxMs (${maxMs}) is below minMs (${minMs})`);
      settings.delay = { rate: checkRate(options.rate, 'delay'), minMs, maxMs };
    },
    dropThenRetry(options = {}) {
      settings.drop = { rate: checkRate(options.rate, 'dropThenRetry') };
    },
    shuffle(options = {}) {
      const batch = options.batch ?? 5;
      if (!Number.isInteger(batch) || batch < 2) {
        throw new RangeError(`shuffle batch must be an integer of at least 2, got ${batch}`);
      }
      settings.shuffle = { batch, holdMs: checkMs(options.holdMs ?? 50, 'shuffle holdMs') };
    },
    plan(eventId, endpointId) {
      const plan: WebhookDeliveryPlan = {
        delayMs: 0,
        dropFirst: false,
        duplicate: 'none',
        duplicateDelayMs: 0,
      };
      const { delay, drop, duplicate, concurrent } = settings;
      if (delay && random.delay() < delay.rate) {
        plan.delayMs = Math.round(delay.minMs + random.delay() * (delay.maxMs - delay.minMs));
      }
      if (drop && random.drop() < drop.rate) plan.dropFirst = true;
      if (concurrent && random.concurrent() < concurrent.rate) {
        plan.duplicate = 'concurrent';
      } else if (duplicate && random.duplicate() < duplicate.rate) {
        plan.duplicate = 'sequential';
        plan.duplicateDelayMs = Math.round(random.duplicate() * duplicate.maxDelayMs);
      }
      decisions.push({ eventId, endpointId, ...plan });
      return plan;
    },
    shuffleSettings: () => settings.shuffle,
    order: (items) => shuffled(items, random.shuffle),
    get decisions() {
      return decisions;
    },
    reset() {
      settings = empty();
      decisions.length = 0;
      random = streams();
    },
  };
}
