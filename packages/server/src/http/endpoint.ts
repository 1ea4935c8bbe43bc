import { BillingError } from '@tollgate/core';
import type { BillingContext } from '../context';
import { errorResponse } from './errors';
import { checkOrigin } from './origin';

/** A Web-standard handler: `(req) => Promise<Response>`. */
export type Handler = (req: Request) => Promise<Response>;

/** A route body: its answer, or a promise of it when it has to wait (store, Stripe, `getUser`). */
export type RouteBody = (req: Request) => Response | Promise<Response>;

/** How one route is guarded. */
export interface EndpointSpec {
  name: string;
  method: 'GET' | 'POST';
  /** POSTs from browsers: require a matching Origin (CSRF). Off only for the webhook. */
  csrf: boolean;
}

/**
 * Wraps a route body with what every route needs: the method check, the CSRF check for POSTs,
 * the store being ready, and one error → Response mapping. A body that answers at once (a
 * `/status` the status cache keeps) costs one settled promise and no async frames: on a busy
 * instance those per-request allocations are what the garbage collector pauses for.
 */
export function endpoint(ctx: BillingContext, spec: EndpointSpec, run: RouteBody): Handler {
  const fail = (error: unknown) => errorResponse(error, ctx.config.logger, spec.name);
  // Async, so that a logger throwing while the error is reported still rejects, never throws.
  const failed = async (error: unknown) => fail(error);
  const afterReady = async (req: Request) => {
    await ctx.ready();
    return run(req);
  };
  return (req) => {
    try {
      if (req.method !== spec.method) {
        throw new BillingError(
          'METHOD_NOT_ALLOWED',
          `${spec.name} answers ${spec.method}, not ${req.method}.`,
          { details: { allow: spec.method } },
        );
      }
      if (spec.csrf) checkOrigin(req, ctx.config.origins);
      const answer = ctx.isReady() ? run(req) : afterReady(req);
      return answer instanceof Response ? Promise.resolve(answer) : answer.then(undefined, fail);
    } catch (error) {
      return failed(error);
    }
  };
}
