import type Stripe from 'stripe';
import { createRefund } from '../engine/refunds.js';
import { must } from '../engine/util.js';
import { createdFilter, paginate } from '../http/list.js';
import type { Route } from '../http/router.js';
import { int, metadata, oneOf, PAGINATION, type ParamTable, range, str } from '../http/schema.js';
import { valuesOf } from '../state.js';

/**
 * Parameters of the refund create endpoint that the emulator honours; Stripe's others
 * (`charge`, `origin`, Connect transfers…) answer 400 as unknown here rather than being ignored.
 */
const REFUND_CREATE: ParamTable = {
  payment_intent: str(),
  amount: int({ min: 1 }),
  reason: oneOf(['duplicate', 'fraudulent', 'requested_by_customer']),
  metadata,
};

/** /v1/refunds */
export const refundRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/refunds',
    parameters: REFUND_CREATE,
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
    parameters: {},
    handler: ({ engine, ids }) => must(engine.state.refunds, ids[0]!, 'refund'),
  },
  {
    method: 'GET',
    path: '/v1/refunds',
    parameters: { ...PAGINATION, created: range, payment_intent: str() },
    handler: ({ engine, params }) => {
      const paymentIntent = params.str('payment_intent');
      const items = createdFilter(valuesOf(engine.state.refunds), params).filter(
        (r) => !paymentIntent || r.payment_intent === paymentIntent,
      );
      return paginate(items, params, '/v1/refunds');
    },
  },
];
