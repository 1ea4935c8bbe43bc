import { BillingError, type BillingPolicy, type Catalog, resolvePolicy } from '@tollgate/core';
import * as z from 'zod/mini';
import { isDevelopment } from './http/check-responses';
import { consoleLogger, type Logger, redactingLogger } from './logger';
import { NOTIFICATION_TYPES, type Notifier } from './notifier';
import type { StatusCacheSettings } from './status-cache';
import { canListen } from './store/notices';
import { openStore, type StoreInput } from './store/open';
import type { Queryable } from './store/types';
import type { StripeConnection, StripeInput } from './stripe/client';
import { isStripeClient } from './stripe/client';
import type { UsageConfig } from './usage/runtime';

/** The signed-in user, as your auth layer knows them. */
export interface BillingUser {
  id: string;
  email: string;
  name?: string | null;
}

/** Checkout settings: promotion codes and tax, as Stripe Checkout has them. */
export interface CheckoutOptions {
  /** Let customers type a promotion code on Stripe's page (`allow_promotion_codes`). */
  allowPromotionCodes?: boolean;
  /**
   * A promotion code on offer: `GET /plans` shows its discount on each plan it applies to, and
   * checkout applies it unless the customer brings another.
   */
  promotionCode?: string;
  /** Stripe Tax on the subscription (`automatic_tax`); the customer's address is saved from checkout. */
  automaticTax?: boolean;
  /** Let businesses enter a tax ID (`tax_id_collection`); their name is saved from checkout. */
  taxIdCollection?: boolean;
  /** `billing_address_collection`: `required` always asks; `auto` (Stripe's default) only when needed. */
  billingAddress?: 'auto' | 'required';
}

/** Configuration of {@link createBilling}. */
export interface BillingConfig {
  /**
   * A `stripe` client, a secret key (`sk_…`), or `{secretKey, host, port, protocol, timeoutMs,
   * maxNetworkRetries}`. A client built here times out after 5 s per request with 2 retries.
   */
  stripe: StripeInput;
  /** Webhook signing secret(s), `whsec_…`. Several during rotation: each is tried. */
  webhookSecret: string | readonly string[];
  /** The plan catalog from `definePlans`. */
  catalog: Catalog;
  /** Your app's public origin (and optional path), e.g. `https://app.example.com`. Redirects never leave it. */
  appUrl: string;
  /** Extra origins allowed to POST (CSRF check). `appUrl`'s origin is always allowed. */
  allowedOrigins?: readonly string[];
  /** Where the handler is mounted. Default `/api/billing`. */
  basePath?: string;
  /** The signed-in user of a request, or null. Ids are only ever taken from here. */
  getUser: (req: Request) => BillingUser | null | Promise<BillingUser | null>;
  /**
   * Where billing state lives: anything with `query(text, params)` (`pg.Pool`, PGlite, Neon), a
   * PostgreSQL URL (`process.env.DATABASE_URL`, opened with `pg`), or nothing: embedded PGlite in
   * `./.tollgate/pglite`, created and migrated on first start.
   */
  store?: StoreInput;
  /** Postgres schema for Tollgate's tables (default: the search_path). */
  schema?: string;
  /**
   * Apply pending migrations on the first request. Default: true for the embedded PGlite,
   * false otherwise (run `tollgate migrate`).
   */
  migrate?: boolean;
  /** Side-effect hooks, run once per Stripe event. */
  notify?: Notifier;
  /** Past-due grace and trial alert rules (see core's `BillingPolicy`). */
  policy?: BillingPolicy;
  /** Trials: `requirePaymentMethod` (default true) asks for a card at checkout even with a trial. */
  trial?: { requirePaymentMethod?: boolean };
  /** What Stripe Checkout offers and collects (promotion codes, tax). */
  checkout?: CheckoutOptions;
  /** Default paths (under appUrl) for checkout and portal returns. */
  paths?: { checkoutSuccess?: string; checkoutCancel?: string; portalReturn?: string };
  /** Logger; everything it receives is redacted. Default: console, warnings and errors. */
  logger?: Logger;
  /** Largest JSON body accepted (default 16 KiB) and largest webhook (default 512 KiB). */
  limits?: { jsonBytes?: number; webhookBytes?: number };
  /** Webhook timestamp tolerance in seconds (default 300), both directions. */
  webhookToleranceSeconds?: number;
  /**
   * How the webhook pipeline reads Stripe. `perSecond` (default 20): reads started per second at
   * most — Stripe allows about 100/s live and 25/s in test mode, shared with your app's own
   * calls. `queue` (default 5 s of reads): reads waiting past that rate; when it is full the
   * webhook answers 429 and Stripe delivers the event again later. `coalesceMs` (default 1000):
   * a customer's reads start at least this far apart, so the events of a renewal wave share one.
   */
  stripeReads?: { perSecond?: number; queue?: number; coalesceMs?: number };
  /**
   * The current time, for billing decisions (proration dates, trial alerts, grace). Default
   * `() => new Date()`. Point it at a Stripe test clock or the emulator clock in tests.
   */
  now?: () => Date;
  /**
   * Check every answer against the contract's zod schemas and turn one that is off-contract into
   * a logged 500. Default: on when `NODE_ENV` is `development` or `test`, off otherwise.
   */
  checkResponses?: boolean;
  /**
   * Usage delivery: `deliver` (`in-process` default, or `external` for `tollgate usage flush` /
   * a worker), `ratePerSecond` (meter events per second; default 1,000 for a live key, else 25 —
   * Stripe's limits), `batchSize`, `leaseSeconds`, `backoff: {baseMs, maxMs}`, `concurrency`,
   * `summarySettleSeconds` (how long Stripe may take to aggregate meter events; default 60).
   */
  usage?: UsageConfig;
  /**
   * Keep users' derived statuses in memory for `GET /status`, `getBillingState` and `canAccess`
   * (default off). `max` (default 10,000): most users kept, least recently read dropped first.
   * `maxStaleMs` (default 2,000): the most an answer may lag a write made through another
   * instance or SQL when the store's notices stop arriving (see the server README). Needs a
   * store Tollgate can `LISTEN` on: a PostgreSQL URL, a `pg.Pool`, or PGlite.
   */
  statusCache?: boolean | { max?: number; maxStaleMs?: number };
}

/** Config after validation, with defaults applied. */
export interface ResolvedConfig
  extends Omit<BillingConfig, 'webhookSecret' | 'logger' | 'store' | 'statusCache'> {
  store: Queryable;
  /** `pglite` when no store was given and Tollgate opened its embedded database. */
  storeKind: 'client' | 'url' | 'pglite';
  webhookSecrets: readonly string[];
  appUrl: string;
  appOrigin: URL;
  origins: ReadonlySet<string>;
  basePath: string;
  logger: Logger;
  paths: { checkoutSuccess: string; checkoutCancel: string; portalReturn: string };
  limits: { jsonBytes: number; webhookBytes: number };
  webhookToleranceSeconds: number;
  stripeReads: { perSecond: number; queue: number; coalesceMs: number };
  now: () => Date;
  notify: Notifier;
  checkResponses: boolean;
  requirePaymentMethod: boolean;
  checkout: CheckoutOptions;
  /** Null when off. */
  statusCache: StatusCacheSettings | null;
}

const fn = (what: string) =>
  z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', {
    message: `must be a function — ${what}`,
  });

const pathSchema = z
  .string()
  .check(
    z.regex(/^\/(?![/\\])\S*$/, 'must be a path starting with a single "/" (e.g. "/billing")'),
  );

const configSchema = z.object({
  stripe: z.custom(
    (value) => isStripeClient(value) || typeof value === 'string' || isConnection(value),
    {
      message:
        'must be a Stripe client (new Stripe(key)), a secret key "sk_…", or {secretKey, host, port, protocol, timeoutMs, maxNetworkRetries} (timeoutMs ≥ 1, maxNetworkRetries ≥ 0, whole numbers)',
    },
  ),
  webhookSecret: z.union(
    [
      z.string().check(z.regex(/^whsec_\S+$/, 'must start with "whsec_"')),
      z
        .array(z.string().check(z.regex(/^whsec_\S+$/, 'must start with "whsec_"')))
        .check(z.minLength(1, 'needs at least one secret')),
    ],
    {
      error: 'must be the endpoint signing secret "whsec_…" (or an array of them during rotation)',
    },
  ),
  catalog: z.custom(
    (value) =>
      typeof value === 'object' && value !== null && Array.isArray((value as Catalog).plans),
    { message: 'must be the result of definePlans([...]) from @tollgate/core' },
  ),
  appUrl: z.url({ error: 'must be an absolute URL such as "https://app.example.com"' }),
  allowedOrigins: z.optional(
    z.array(z.url({ error: 'each entry must be an origin such as "https://admin.example.com"' })),
  ),
  basePath: z.optional(
    z
      .string()
      .check(z.regex(/^(\/[A-Za-z0-9._~-]+)*$/, 'must look like "/api/billing" (no trailing "/")')),
  ),
  getUser: fn('(req: Request) => {id, email} | null, from your auth layer'),
  store: z.optional(
    z.custom(
      (value) =>
        typeof value === 'string' ||
        (typeof value === 'object' &&
          value !== null &&
          typeof (value as Queryable).query === 'function'),
      {
        message:
          'must have query(text, params) (a pg Pool, a PGlite instance or a Neon client), be a PostgreSQL URL, or be left out for embedded PGlite',
      },
    ),
  ),
  schema: z.optional(
    z.string().check(z.regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain Postgres identifier')),
  ),
  migrate: z.optional(z.boolean()),
  notify: z.optional(
    z.partialRecord(
      z.enum(NOTIFICATION_TYPES as [string, ...string[]], {
        error: `hook names are: ${NOTIFICATION_TYPES.join(', ')}`,
      }),
      fn('a notifier hook'),
    ),
  ),
  policy: z.optional(z.object({})),
  trial: z.optional(z.object({ requirePaymentMethod: z.optional(z.boolean()) })),
  checkout: z.optional(
    z.strictObject({
      allowPromotionCodes: z.optional(z.boolean()),
      promotionCode: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
      automaticTax: z.optional(z.boolean()),
      taxIdCollection: z.optional(z.boolean()),
      billingAddress: z.optional(z.enum(['auto', 'required'])),
    }),
  ),
  paths: z.optional(
    z.object({
      checkoutSuccess: z.optional(pathSchema),
      checkoutCancel: z.optional(pathSchema),
      portalReturn: z.optional(pathSchema),
    }),
  ),
  logger: z.optional(
    z.custom(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        ['debug', 'info', 'warn', 'error'].every(
          (level) => typeof (value as Record<string, unknown>)[level] === 'function',
        ),
      { message: 'must have debug, info, warn and error methods (console works)' },
    ),
  ),
  limits: z.optional(
    z.object({
      jsonBytes: z.optional(z.int().check(z.positive('must be a positive number of bytes'))),
      webhookBytes: z.optional(z.int().check(z.positive('must be a positive number of bytes'))),
    }),
  ),
  webhookToleranceSeconds: z.optional(
    z.int().check(z.positive('must be a positive number of seconds')),
  ),
  stripeReads: z.optional(
    z.object({
      perSecond: z.optional(z.number().check(z.positive('must be a positive number of reads'))),
      queue: z.optional(z.int().check(z.nonnegative('must be 0 or more reads'))),
      coalesceMs: z.optional(z.int().check(z.nonnegative('must be 0 or more milliseconds'))),
    }),
  ),
  now: z.optional(fn('() => Date')),
  checkResponses: z.optional(z.boolean()),
  statusCache: z.optional(
    z.union(
      [
        z.boolean(),
        z.object({
          max: z.optional(z.int().check(z.positive('must be a positive number of users'))),
          maxStaleMs: z.optional(z.int().check(z.positive('must be a positive number of ms'))),
        }),
      ],
      { error: 'must be true, false or {max, maxStaleMs}' },
    ),
  ),
  usage: z.optional(
    z.object({
      deliver: z.optional(
        z.enum(['in-process', 'external'], { error: 'must be "in-process" or "external"' }),
      ),
      ratePerSecond: z.optional(
        z.number().check(z.positive('must be a positive number per second')),
      ),
      batchSize: z.optional(z.int().check(z.positive('must be a positive number of rows'))),
      leaseSeconds: z.optional(
        z.number().check(z.positive('must be a positive number of seconds')),
      ),
      backoff: z.optional(
        z.object({
          baseMs: z.number().check(z.positive('must be positive')),
          maxMs: z.number().check(z.positive('must be positive')),
        }),
      ),
      concurrency: z.optional(z.int().check(z.positive('must be a positive number'))),
      pollMs: z.optional(z.number().check(z.positive('must be a positive number of ms'))),
      summarySettleSeconds: z.optional(
        z.number().check(z.nonnegative('must be a non-negative number of seconds')),
      ),
    }),
  ),
});

const whole = (value: unknown, min: number) =>
  value === undefined || (Number.isInteger(value) && (value as number) >= min);

function isConnection(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { secretKey?: unknown }).secretKey === 'string' &&
    /^(sk|rk)_/.test((value as { secretKey: string }).secretKey) &&
    whole((value as StripeConnection).timeoutMs, 1) &&
    whole((value as StripeConnection).maxNetworkRetries, 0)
  );
}

/**
 * Validates the config at start-up. Throws a `BillingError` `CONFIG_INVALID` naming the field
 * and what to do. The billing policy is checked against the catalog here, once.
 * Secrets are never echoed in the message.
 */
export function resolveConfig(config: BillingConfig): ResolvedConfig {
  if (typeof config !== 'object' || config === null) {
    throw new BillingError(
      'CONFIG_INVALID',
      'Tollgate config: pass an object to createBilling({...}).',
    );
  }
  for (const key of Object.keys(config.notify ?? {})) {
    if (!(NOTIFICATION_TYPES as readonly string[]).includes(key)) {
      throw new BillingError(
        'CONFIG_INVALID',
        `Tollgate config: notify.${key} is not a hook — hook names are: ${NOTIFICATION_TYPES.join(', ')}.`,
      );
    }
  }
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = issue.path.length ? issue.path.join('.') : '(config)';
      return `${field} ${issue.message === 'Invalid input' ? 'is missing or invalid' : issue.message}`;
    });
    throw new BillingError('CONFIG_INVALID', `Tollgate config: ${problems.join('; ')}.`);
  }
  if (typeof config.stripe === 'string' && !/^(sk|rk)_(test|live)_/.test(config.stripe)) {
    throw new BillingError(
      'CONFIG_INVALID',
      'Tollgate config: stripe must be a secret key starting with "sk_test_" / "sk_live_" (or a restricted "rk_" key), or a Stripe client.',
    );
  }
  resolvePolicy(config.policy, config.catalog);
  const appOrigin = new URL(config.appUrl);
  const origins = new Set([
    appOrigin.origin,
    ...(config.allowedOrigins ?? []).map((o) => new URL(o).origin),
  ]);
  const store = openStore(config.store);
  const statusCache = resolveStatusCache(config.statusCache);
  if (statusCache && !canListen(store.db)) {
    throw new BillingError(
      'CONFIG_INVALID',
      "Tollgate config: statusCache needs a store Tollgate can LISTEN on to hear other instances' writes — pass a PostgreSQL URL, a pg.Pool or PGlite (not a single client or an HTTP driver), or turn statusCache off.",
    );
  }
  return {
    ...config,
    store: store.db,
    storeKind: store.kind,
    migrate: config.migrate ?? store.kind === 'pglite',
    webhookSecrets:
      typeof config.webhookSecret === 'string' ? [config.webhookSecret] : [...config.webhookSecret],
    appOrigin,
    origins,
    basePath: config.basePath ?? '/api/billing',
    logger: redactingLogger(config.logger ?? consoleLogger()),
    paths: {
      checkoutSuccess: config.paths?.checkoutSuccess ?? '/billing?checkout=success',
      checkoutCancel: config.paths?.checkoutCancel ?? '/billing?checkout=canceled',
      portalReturn: config.paths?.portalReturn ?? '/billing',
    },
    limits: {
      jsonBytes: config.limits?.jsonBytes ?? 16 * 1024,
      webhookBytes: config.limits?.webhookBytes ?? 512 * 1024,
    },
    webhookToleranceSeconds: config.webhookToleranceSeconds ?? 300,
    stripeReads: resolveStripeReads(config.stripeReads),
    now: config.now ?? (() => new Date()),
    notify: config.notify ?? {},
    checkResponses: config.checkResponses ?? isDevelopment(),
    requirePaymentMethod: config.trial?.requirePaymentMethod ?? true,
    checkout: config.checkout ?? {},
    statusCache,
  };
}

/** `statusCache` with its defaults (10,000 users, 2 s), or null when off. */
function resolveStatusCache(given: BillingConfig['statusCache']): StatusCacheSettings | null {
  if (!given) return null;
  const options = given === true ? {} : given;
  return { max: options.max ?? 10_000, maxStaleMs: options.maxStaleMs ?? 2_000 };
}

/** `stripeReads` with its defaults: 20 reads/s, a queue of 5 s of reads, a 1 s window. */
function resolveStripeReads(given: BillingConfig['stripeReads']): ResolvedConfig['stripeReads'] {
  const perSecond = given?.perSecond ?? 20;
  return {
    perSecond,
    queue: given?.queue ?? Math.ceil(perSecond * 5),
    coalesceMs: given?.coalesceMs ?? 1000,
  };
}
