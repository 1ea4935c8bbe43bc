/**
 * Bun and Deno serve a `{ fetch }` object (Bun: `export default`; Deno: `deno serve`), so the
 * whole mount is: send billing paths to `billing.handler`.
 */
import { type BillingConfig, createBilling } from '@tollgate/server';
import { plans } from '../shared/plans.ts';
import { userFromHeader } from '../shared/session.ts';

/** What the example needs from its environment. */
export type ExampleConfig = Pick<BillingConfig, 'stripe' | 'webhookSecret' | 'store' | 'appUrl'>;

/** A fetch handler with billing under `/api/billing` and 404 elsewhere. */
export function createApp(config: ExampleConfig): { fetch(req: Request): Promise<Response> } {
  const billing = createBilling({ ...config, catalog: plans, getUser: userFromHeader });
  return {
    async fetch(req) {
      const { pathname } = new URL(req.url);
      if (pathname === '/api/billing' || pathname.startsWith('/api/billing/')) {
        return billing.handler(req);
      }
      return new Response('Not found', { status: 404 });
    },
  };
}
