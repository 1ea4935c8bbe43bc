/** The demo's own endpoints (`/api/demo/*`): sign-in, usage, outbox and the developer panel. */

import type { OutboxEmail, Usage } from '../server/demo-store';
import type { DemoUser } from '../server/users';

export type { DemoUser, OutboxEmail, Usage };

/** `GET /api/demo/session`. */
export interface SessionInfo {
  user: DemoUser | null;
  users: DemoUser[];
  /** `emulator`: offline, the developer panel works; `stripe`: real Stripe test mode. */
  mode: 'emulator' | 'stripe';
  /** Against real Stripe: the publishable key for stripe.js (3D Secure), when configured. */
  publishableKey?: string;
}

/** `GET /api/demo/dev`: the signed-in user's time (their own test clock in the offline demo). */
export interface DevInfo {
  mode: 'emulator' | 'stripe';
  now: string;
  /** Whether "Start over" is offered (the offline demo with PGlite). */
  canReset: boolean;
}

/** Developer-panel actions the server accepts at `POST /api/demo/dev/:action`. */
export type DevAction =
  | 'advance-day'
  | 'trial-end'
  | 'renewal'
  | 'fail-next-payment'
  | 'require-3ds';

/** A failed demo request, with the server's message. */
export class DemoApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'DemoApiError';
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/demo${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json().catch(() => null)) as
    | (T & { error?: { message?: string } })
    | null;
  if (!response.ok) {
    throw new DemoApiError(response.status, json?.error?.message ?? `HTTP ${response.status}`);
  }
  return json as T;
}

/** Typed calls to the demo server. */
export const demoApi = {
  session: () => call<SessionInfo>('GET', '/session'),
  signIn: (userId: string) => call<SessionInfo>('POST', '/session', { userId }),
  signOut: () => call<SessionInfo>('DELETE', '/session'),
  usage: () => call<Usage>('GET', '/usage'),
  createProject: () => call<Usage>('POST', '/usage/projects'),
  callApi: () => call<Usage>('POST', '/usage/api-calls'),
  outbox: () => call<{ emails: OutboxEmail[] }>('GET', '/outbox'),
  dev: () => call<DevInfo>('GET', '/dev'),
  devAction: (action: DevAction) => call<DevInfo & { message: string }>('POST', `/dev/${action}`),
  reset: () => call<{ message: string }>('POST', '/dev/reset'),
};

/** Query keys of the demo's own data, apart from Tollgate's `['tollgate', …]` family. */
export const demoKeys = {
  session: ['demo', 'session'] as const,
  usage: ['demo', 'usage'] as const,
  outbox: ['demo', 'outbox'] as const,
  dev: ['demo', 'dev'] as const,
};
