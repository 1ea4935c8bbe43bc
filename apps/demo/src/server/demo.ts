import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { createBilling, migrate, pushCatalog } from '@tollgate/server';
import { toNodeHandler } from '@tollgate/server/node';
import {
  createStripeClient,
  type Emulator,
  loadSnapshot,
  saveSnapshot,
  startEmulator,
} from '@tollgate/stripe-emulator';
import { Hono } from 'hono';
import Stripe from 'stripe';
import { createBundleHandler, ensureAppBundle } from './app-bundle';
import { createAppMiddleware } from './app-dev';
import { demoCatalog } from './catalog';
import { type DemoBackend, readBackend } from './config';
import { openDatabase } from './database';
import { createDemoApi } from './demo-api';
import { createDemoStore } from './demo-store';
import { createDevControls } from './dev-controls';
import { listen } from './http-server';
import { createOutboxNotifier } from './outbox-notifier';
import { API_CALLS_METER, ensureApiCallsAddon } from './usage-addon';
import { createUserClocks, type UserClocks } from './user-clocks';
import { DEMO_USERS, type DemoUser, userOfRequest } from './users';

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Where PGlite and the emulator snapshot live (`apps/demo/.tollgate` for `pnpm demo`). */
  dataDir: string;
  /** Port of the one URL (0 picks a free one). Default 0. */
  port?: number;
  host?: string;
  /** Port of the emulator (its hosted pages). Default 0; `pnpm demo` pins one so saved links keep working. */
  emulatorPort?: number;
  /** Environment to read STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and DATABASE_URL from. */
  env?: Record<string, string | undefined>;
  /**
   * How to serve the React app: `bundle` (default) builds it once per source change and serves
   * the files — fast pages; `dev` runs Vite in middleware mode with hot reload.
   */
  app?: 'bundle' | 'dev';
  /** The sign-in picker's accounts. Default: {@link DEMO_USERS}. */
  users?: readonly DemoUser[];
  /** Progress lines (start-up steps). Default: none. */
  log?: (line: string) => void;
}

/** A running demo. */
export interface RunningDemo {
  /** The one URL: the app, `/api/billing/*` and `/api/demo/*`. */
  url: string;
  backend: DemoBackend;
  /** The emulator, or null against real Stripe. */
  emulator: Emulator | null;
  stripe: Stripe;
  /** Resolves once the emulator's pending webhook deliveries have been handled. */
  settle(): Promise<void>;
  /** Stops everything, saving the emulator snapshot. */
  close(): Promise<void>;
}

/**
 * Starts the whole demo in this process: database, Stripe (emulator or real), catalog, billing
 * handler, demo API and the React app, on one URL.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const log = options.log ?? (() => {});
  const backend = readBackend(options.env ?? {});
  const users = options.users ?? DEMO_USERS;
  const cleanup: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };
  try {
    const http = await listen(options.port ?? 0, options.host ?? '127.0.0.1');
    cleanup.push(() => http.close());

    const database = await openDatabase(backend.database, options.dataDir);
    cleanup.push(() => database.close());
    log(`database: ${database.describe}`);

    let emulator: Emulator | null = null;
    let stripe: Stripe;
    let webhookSecret: string;
    if (backend.stripe === 'emulator') {
      const snapshotFile = path.join(options.dataDir, 'emulator.json');
      const snapshot = await loadSnapshot(snapshotFile);
      emulator = await startEmulator({
        port: options.emulatorPort ?? 0,
        webhooks: [{ url: `${http.url}/api/billing/webhook` }],
        ...(snapshot
          ? { state: snapshot.state, start: snapshot.clock.now, frozen: snapshot.clock.frozen }
          : {}),
      });
      const running = emulator;
      const save = () => saveSnapshot(snapshotFile, running.state, running.clock);
      const timer = setInterval(() => void save().catch(() => undefined), 5000);
      timer.unref();
      cleanup.push(async () => {
        clearInterval(timer);
        await running.close();
        await save();
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

    const store = createDemoStore(database.db);
    // The database and the Stripe catalog are independent: prepare them side by side.
    const [pushed] = await Promise.all([
      pushCatalog(stripe, demoCatalog),
      ensureApiCallsAddon(stripe),
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
    const outbox = createOutboxNotifier({ store, users, now, appUrl: http.url });
    const billing = createBilling({
      stripe: clocks && emulator ? clocks.billingClient(createStripeClient(emulator)) : stripe,
      webhookSecret,
      catalog: demoCatalog,
      appUrl: http.url,
      allowedOrigins: [http.url.replace('127.0.0.1', 'localhost')],
      store: database.db,
      getUser: (req) => userOfRequest(req, users),
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
        users,
        store,
        dev,
        entitlements: async (user) => (await billing.getBillingState(user.id)).entitlements,
        reportApiCall: async (user, identifier) => {
          const report = () => billing.reportUsage(user.id, API_CALLS_METER, 1, identifier);
          await (clocks ? clocks.run(user, report) : report());
        },
      }),
    );
    api.all('/api/billing/*', async (c) => {
      const user = clocks ? userOfRequest(c.req.raw, users) : null;
      if (!clocks || !user) return billing.handler(c.req.raw);
      return clocks.run(user, () => billing.handler(c.req.raw));
    });

    let app: (req: IncomingMessage, res: ServerResponse) => void;
    if (options.app === 'dev') {
      const vite = await createAppMiddleware({
        server: http.server,
        cacheDir: path.join(options.dataDir, 'vite'),
        watch: true,
      });
      cleanup.push(() => vite.close());
      app = (req, res) =>
        vite.middleware(req, res, () => {
          res.writeHead(404).end();
        });
    } else {
      app = await createBundleHandler(await ensureAppBundle(log));
    }
    http.mount({ api: toNodeHandler(async (req) => api.fetch(req)), app });
    return { url: http.url, backend, emulator, stripe, settle, close };
  } catch (error) {
    await close();
    throw error;
  }
}
