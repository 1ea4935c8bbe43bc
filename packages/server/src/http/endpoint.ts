import { BillingError } from '@tollgate/core';
import type { BillingContext } from '../context';
import { errorResponse } from './errors';
import { checkOrigin } from './origin';

/** A Web-standard handler: `(req) => Promise<Response>`. */
export type Handler = (req: Request) => Promise<Response>;

/** How one route is guarded. */
export interface EndpointSpec {
  name: string;
  method: 'GET' | 'POST';
  /** POSTs from browsers: require a matching Origin (CSRF). Off only for the webhook. */
  csrf: boolean;
}

/**
 * Wraps a route body with what every route needs: the method check, the CSRF check for POSTs,
 * the store being ready, and one error → Response mapping.
 */
export function endpoint(ctx: BillingContext, spec: EndpointSpec, run: Handler): Handler {
  return async (req) => {
    try {
      if (req.method !== spec.method) {
        throw new BillingError(
          'METHOD_NOT_ALLOWED',
          `${spec.name} answers ${spec.method}, not ${req.method}.`,
          { details: { allow: spec.method } },
        );
      }
      if (spec.csrf) checkOrigin(req, ctx.config.origins);
      await ctx.ready();
      return await run(req);
    } catch (error) {
      return errorResponse(error, ctx.config.logger, spec.name);
    }
  };
}
