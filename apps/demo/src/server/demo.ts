import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Emulator } from '@tollgate/stripe-emulator';
import type Stripe from 'stripe';
import { createBundleHandler, ensureAppBundle } from './app-bundle';
import { createAppMiddleware } from './app-dev';
import { type DemoBackend, readBackend } from './config';
import { deletionSettled, emptyDataDir, watchDataDir } from './data-dir';
import {
  type DemoStack,
  type DemoStackOptions,
  isPortInUse,
  PortInUseError,
  startDemoStack,
} from './demo-stack';
import { listen } from './http-server';
import { DEMO_USERS, type DemoUser } from './users';

export { PortInUseError } from './demo-stack';

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
  /**
   * The emulator's dunning settings, as the Stripe dashboard's "if all retries fail" options.
   * Default: Stripe's (retries over 2 weeks, then cancel).
   */
  dunning?: DemoStackOptions['dunning'];
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
  /** The emulator, or null against real Stripe (a new one after each reset). */
  readonly emulator: Emulator | null;
  readonly stripe: Stripe;
  /** Resolves once the emulator's pending webhook deliveries have been handled. */
  settle(): Promise<void>;
  /**
   * Starts over from nothing — database, emulator state, users' clocks, sign-ins — on the same
   * ports. Offline demo with PGlite only; null otherwise.
   */
  reset: (() => Promise<void>) | null;
  /** Stops everything, saving the emulator snapshot. */
  close(): Promise<void>;
}

/**
 * Starts the whole demo in this process: database, Stripe (emulator or real), catalog, billing
 * handler, demo API and the React app, on one URL. In the offline demo, deleting the data folder
 * while it runs starts it over, as the developer panel's Reset does.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const log = options.log ?? (() => {});
  const backend = readBackend(options.env ?? {});
  const users = options.users ?? DEMO_USERS;
  const host = options.host ?? '127.0.0.1';
  const resettable = backend.stripe === 'emulator' && backend.database === 'pglite';
  const cleanup: (() => Promise<unknown>)[] = [];
  let stack: DemoStack | null = null;
  const close = async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
    await stack?.close();
    stack = null;
  };
  try {
    const port = options.port ?? 0;
    const http = await listen(port, host).catch((error: unknown) => {
      throw isPortInUse(error) ? new PortInUseError('app', port) : error;
    });
    cleanup.push(() => http.close());

    let emulatorPort = options.emulatorPort ?? 0;
    let resetting: Promise<void> | null = null;
    const start = async () => {
      stack = await startDemoStack({
        dataDir: options.dataDir,
        backend,
        users,
        appUrl: http.url,
        emulatorPort,
        host,
        ...(options.dunning ? { dunning: options.dunning } : {}),
        reset: resettable ? reset : null,
        log,
      });
      // A reset comes back on the same port: links in emails and open tabs keep working.
      emulatorPort = stack.emulator?.port ?? emulatorPort;
    };
    /**
     * Stops the current state without saving it, empties the data folder, starts afresh. With
     * `deleting`, someone is deleting the folder: nothing writes into it until that is over.
     */
    const reset = (deleting = false) => {
      resetting ??= (async () => {
        http.pause();
        try {
          // Its files may be going already: closing must not stop the start-over.
          await stack?.close({ save: false }).catch((error: unknown) => {
            log(`reset: closing the old state: ${error}`);
          });
          stack = null;
          if (deleting) await deletionSettled(options.dataDir);
          // Something may still be deleting in the folder (a slow `rm -rf`) and break the new
          // state as it is written: empty it and start again, up to three times.
          for (let attempt = 1; ; attempt++) {
            try {
              await emptyDataDir(options.dataDir);
              await start();
              break;
            } catch (error) {
              // startDemoStack has closed what it opened.
              if (attempt === 3) throw error;
              log(`reset: the data folder changed while starting over (${error}); again`);
              await new Promise((resolve) => setTimeout(resolve, 1000));
            }
          }
          log('reset: the demo starts over');
        } finally {
          http.resume(stack?.api);
          resetting = null;
        }
      })();
      return resetting;
    };

    await start();

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
    http.mount({ api: stack!.api, app });
    if (resettable) {
      const watcher = watchDataDir(options.dataDir, async () => {
        // The panel's own start-over empties the folder too: the same reset, not a second one.
        if (!resetting) log(`${options.dataDir} is being deleted: starting over once it is gone`);
        await reset(true).catch((error: unknown) =>
          console.error('The demo could not start over:', error),
        );
      });
      cleanup.push(async () => watcher.close());
    }
    return {
      url: http.url,
      backend,
      get emulator() {
        return stack?.emulator ?? null;
      },
      get stripe() {
        if (!stack) throw new Error('The demo is closed or starting over.');
        return stack.stripe;
      },
      settle: async () => stack?.settle(),
      reset: resettable ? reset : null,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
