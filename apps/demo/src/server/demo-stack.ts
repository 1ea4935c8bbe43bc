import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createBilling, migrate, pushCatalog } from '@tollgate/server';
import { toNodeHandler } from '@tollgate/server/node';
import {
  createStripeClient,
  type Emulator,
  type EmulatorOptions,
  loadSnapshot,
  saveSnapshot,
  startEmulator,
} from '@tollgate/stripe-emulator';
import { Hono } from 'hono';
import Stripe from 'stripe';
import { API_CALLS_METER, demoCatalog } from './catalog';
import type { DemoBackend } from './config';
import { openDatabase } from './database';
import { createDemoApi } from './demo-api';
import { createDemoStore } from './demo-store';
import { createDevControls } from './dev-controls';
import type { NodeListener } from './http-server';
import { createOutboxNotifier } from './outbox-notifier';
import { ensureLaunchPromotion } from './promotion';
import { createUserClocks, type UserClocks } from './user-clocks';
import { createSessions, type DemoUser } from './users';

/** A port the demo was told to use is taken by another process. */
export class PortInUseError extends Error {
  readonly code = 'PORT_IN_USE';
  constructor(
    readonly server: 'app' | 'emulator',
    readonly port: number,
  ) {
    super(`Port ${port} (the ${server === 'app' ? "demo's URL" : 'Stripe emulator'}) is in use.`);
    this.name = 'PortInUseError';
  }
}

/** Listening failed because the port is taken. */
export const isPortInUse = (error: unknown) =>
  (error as NodeJS.ErrnoException)?.code === 'EADDRINUSE';

/**
 * The file naming the current session generation. It marks the data folder as the running
 * demo's: when it disappears (someone deleted `.tollgate`), the demo starts over.
 */
export const SESSION_FILE = 'session-generation';

/** What one demo state runs on: everything a reset throws away and builds again. */
export interface DemoStackOptions {
  dataDir: string;
  backend: DemoBackend;
  users: readonly DemoUser[];
  /** The demo's one URL (webhooks, redirects). */
  appUrl: string;
  emulatorPort: number;
  host: string;
  /** The emulator's dunning settings; default Stripe's (retries over 2 weeks, then cancel). */
  dunning?: EmulatorOptions['dunning'];
  /** Starts the demo over; null where a reset is not offered. */
  reset: (() => Promise<void>) | null;
  log(line: string): void;
}

/** One running demo state: database, Stripe (emulator or real), billing and the APIs. */
export interface DemoStack {
  /** `/api/*`: Tollgate's billing handler and the demo's own routes. */
  api: NodeListener;
  emulator: Emulator | null;
  stripe: Stripe;
  /** Resolves once the emulator's pending webhook deliveries have been handled. */
  settle(): Promise<void>;
  /** Stops it all; `save: false` skips the emulator snapshot (its folder is being deleted). */
  close(options?: { save?: boolean }): Promise<void>;
}

async function sessionGeneration(dataDir: string): Promise<string> {
  const file = path.join(dataDir, SESSION_FILE);
  const known = await readFile(file, 'utf8').catch(() => '');
  if (known.trim()) return known.trim();
  const generation = randomBytes(6).toString('hex');
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, generation);
  return generation;
}

/** Starts a demo state from what `dataDir` holds (a fresh one when it is empty). */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const { backend, users, appUrl, log } = options;
  const cleanup: ((save: boolean) => Promise<unknown>)[] = [];
  const close = async ({ save = true } = {}) => {
    for (const step of cleanup.splice(0).reverse()) await step(save).catch(() => undefined);
  };
  try {
    const sessions = createSessions(users, await sessionGeneration(options.dataDir));

    // The emulator first: a busy emulator port is refused before the slower database opens.
    let emulator: Emulator | null = null;
    let stripe: Stripe;
    let webhookSecret: string;
    if (backend.stripe === 'emulator') {
      const snapshotFile = path.join(options.dataDir, 'emulator.json');
      const snapshot = await loadSnapshot(snapshotFile);
      emulator = await startEmulator({
        port: options.emulatorPort,
        host: options.host,
        webhooks: [{ url: `${appUrl}/api/billing/webhook` }],
        ...(options.dunning ? { dunning: options.dunning } : {}),
        ...(snapshot
          ? { state: snapshot.state, start: snapshot.clock.now, frozen: snapshot.clock.frozen }
          : {}),
      }).catch((error: unknown) => {
        throw isPortInUse(error) ? new PortInUseError('emulator', options.emulatorPort) : error;
      });
      const running = emulator;
      const saveNow = () => saveSnapshot(snapshotFile, running.state, running.clock);
      const timer = setInterval(() => void saveNow().catch(() => undefined), 5000);
      timer.unref();
      cleanup.push(async (save) => {
        clearInterval(timer);
        await running.close();
        if (save) await saveNow();
      });
      stripe = createStripeClient(running);
      webhookSecret = running.webhookSecret;
      log(
        `stripe: emulator at ${running.url}${snapshot ? ` (restored from ${snapshotFile})` : ''}`,
      );
    } else {
      stripe = new Stripe(backend.secretKey);
      webhookSecret = backend.webhookSecret;
      log('stripe: your Stripe account, test mode');
    }

    const database = await openDatabase(backend.database, options.dataDir);
    cleanup.push(() => database.close());
    log(`database: ${database.describe}`);

    const store = createDemoStore(database.db);
    // The database and the Stripe catalog are independent: prepare them side by side.
    const [pushed] = await Promise.all([
      pushCatalog(stripe, demoCatalog),
      ensureLaunchPromotion(stripe),
      migrate(database.db).then(() => store.migrate()),
    ]);
    log(`catalog: ${pushed.filter((s) => s.action !== 'unchanged').length} change(s) pushed`);

    const clock = emulator?.clock;
    // Each user's own test clock: their customer is created on it, and billing reads during
    // their requests run on their time.
    const clocks: UserClocks | null =
      emulator && clock ? createUserClocks({ stripe, globalNow: () => clock.now(), users }) : null;
    const now = () => new Date((clocks ? clocks.now() : Math.floor(Date.now() / 1000)) * 1000);
    const settle = async () => {
      if (emulator) await emulator.idle();
    };
    const dev = createDevControls({ stripe, clocks, settle, users });
    const outbox = createOutboxNotifier({
      store,
      users,
      appUrl,
      catalog: demoCatalog,
    });
    const billing = createBilling({
      stripe: clocks && emulator ? clocks.billingClient(createStripeClient(emulator)) : stripe,
      webhookSecret,
      catalog: demoCatalog,
      // The pricing page shows LAUNCH20; customers type it on Stripe's checkout page.
      checkout: { allowPromotionCodes: true },
      appUrl,
      allowedOrigins: [appUrl.replace('127.0.0.1', 'localhost')],
      store: database.db,
      getUser: (req) => sessions.userOf(req),
      notify: {
        ...outbox,
        // "Make the next payment fail" fails one payment: the user's card comes back after it.
        payment_failed: async (failure) => {
          await outbox.payment_failed?.(failure);
          await dev.paymentFailed(failure.userId);
        },
      },
      now,
    });

    const api = new Hono();
    api.route(
      '/',
      createDemoApi({
        mode: emulator ? 'emulator' : 'stripe',
        ...(backend.stripe === 'live' && backend.publishableKey
          ? { publishableKey: backend.publishableKey }
          : {}),
        sessions,
        reset: options.reset,
        store,
        dev,
        entitlements: async (user) => (await billing.getBillingState(user.id)).entitlements,
        reportApiCall: async (user, identifier) => {
          const report = () =>
            billing.recordUsage(user.id, API_CALLS_METER, 1, { idempotencyKey: identifier });
          await (clocks ? clocks.run(user, report) : report());
        },
      }),
    );
    api.all('/api/billing/*', async (c) => {
      const user = clocks ? sessions.userOf(c.req.raw) : null;
      if (!clocks || !user) return billing.handler(c.req.raw);
      return clocks.run(user, () => billing.handler(c.req.raw));
    });

    return {
      api: toNodeHandler(async (req) => api.fetch(req)),
      emulator,
      stripe,
      settle,
      close,
    };
  } catch (error) {
    await close({ save: false });
    throw error;
  }
}
