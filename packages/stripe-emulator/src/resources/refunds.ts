import type Stripe from 'stripe';
import { createRefund } from '../engine/refunds.js';
import { must } from '../engine/util.js';
import { createdFilter, paginate } from '../http/list.js';
import type { Route } from '../http/router.js';

/**
 * Parameters of the refund create endpoint that the emulator honours; Stripe's others
 * (`charge`, `origin`, Connect transfers…) answer 400 as unknown here rather than being ignored.
 */
const REFUND_CREATE = ['amount', 'metadata', 'payment_intent', 'reason'] as const;

/** /v1/refunds */
export const refundRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/refunds',
    accepts: REFUND_CREATE,
    handler: ({ engine, params }) => {
      const metadata = params.meta();
      return createRefund(engine, {
        payment_intent: params.str('payment_intent'),
        amount: params.int('amount'),
        reason: params.str('reason') as Stripe.RefundCreateParams.Reason | undefined,
        metadata: metadata || undefined,
      });
    },
  },
  {
    method: 'GET',
    path: '/v1/refunds/:id',
    handler: ({ engine, ids }) => must(engine.state.refunds, ids[0]!, 'refund'),
  },
  {
    method: 'GET',
    path: '/v1/refunds',
    accepts: ['created', 'ending_before', 'limit', 'payment_intent', 'starting_after'],
    handler: ({ engine, params }) => {
      const paymentIntent = params.str('payment_intent');
      const items = createdFilter(Object.values(engine.state.refunds), params).filter(
        (r) => !paymentIntent || r.payment_intent === paymentIntent,
      );
      return paginate(items, params, '/v1/refunds');
    },
  },
];
