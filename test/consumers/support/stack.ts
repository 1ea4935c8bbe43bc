/**
 * The Stripe side of a consumer test: the emulator, a webhook endpoint for the app (as created
 * in the dashboard), and the environment an app is started with — STRIPE_API_BASE being the one
 * variable that points it at the emulator instead of Stripe.
 */
import path from 'node:path';
import { createStripeClient, type Emulator, startEmulator } from '@tollgate/stripe-emulator';
import type Stripe from 'stripe';
import { inject } from 'vitest';
import { freePort, runToEnd } from './processes';

/** The consumer root the global setup installed into. */
export const consumerRoot = (): string => inject('consumerRoot');

/** A binary from the consumer install's node_modules/.bin. */
export const bin = (name: string): string => path.join(consumerRoot(), 'node_modules/.bin', name);

/** An emulator with a webhook endpoint for an app that will listen on `port`. */
export interface AppStack {
  emulator: Emulator;
  stripe: Stripe;
  port: number;
  appUrl: string;
  /** STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE, APP_URL, PORT. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the emulator and registers `<app>/api/billing/webhook` on it. */
export async function startAppStack(host = '127.0.0.1'): Promise<AppStack> {
  const port = await freePort();
  const appUrl = `http://${host}:${port}`;
  const emulator = await startEmulator({ port: 0 });
  const stripe = createStripeClient(emulator);
  const endpoint = await stripe.webhookEndpoints.create({
    url: `${appUrl}/api/billing/webhook`,
    enabled_events: ['*'],
  });
  return {
    emulator,
    stripe,
    port,
    appUrl,
    env: {
      STRIPE_SECRET_KEY: emulator.secretKey,
      STRIPE_WEBHOOK_SECRET: endpoint.secret ?? '',
      STRIPE_API_BASE: emulator.url,
      APP_URL: appUrl,
      PORT: String(port),
    },
    close: () => emulator.close(),
  };
}

/** `npx tollgate catalog push --config <file>` from the packed server package; must exit. */
export function pushCatalog(stack: AppStack, cwd: string, config: string): Promise<string> {
  return runToEnd(bin('tollgate'), ['catalog', 'push', '--config', config], {
    cwd,
    env: stack.env,
    timeoutMs: 60_000,
  });
}
