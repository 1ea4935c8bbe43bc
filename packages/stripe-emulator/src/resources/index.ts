import type { Route } from '../http/router.js';
import { billingMeterRoutes } from './billing-meters.js';
import { billingPortalRoutes } from './billing-portal.js';
import { checkoutSessionRoutes } from './checkout-sessions.js';
import { couponRoutes } from './coupons.js';
import { customerBalanceTransactionRoutes } from './customer-balance-transactions.js';
import { customerRoutes } from './customers.js';
import { eventRoutes } from './events.js';
import { invoiceItemRoutes } from './invoice-items.js';
import { invoicePaymentRoutes } from './invoice-payments.js';
import { invoiceRoutes } from './invoices.js';
import { paymentIntentRoutes } from './payment-intents.js';
import { paymentMethodRoutes } from './payment-methods.js';
import { priceRoutes } from './prices.js';
import { productRoutes } from './products.js';
import { promotionCodeRoutes } from './promotion-codes.js';
import { refundRoutes } from './refunds.js';
import { setupIntentRoutes } from './setup-intents.js';
import { subscriptionItemRoutes } from './subscription-items.js';
import { subscriptionScheduleRoutes } from './subscription-schedules.js';
import { subscriptionRoutes } from './subscriptions.js';
import { taxRateRoutes } from './tax-rates.js';
import { testClockRoutes } from './test-clocks.js';
import { webhookEndpointRoutes } from './webhook-endpoints.js';

/** Every API route the emulator serves. */
export const routes: Route[] = [
  ...customerRoutes,
  ...customerBalanceTransactionRoutes,
  ...productRoutes,
  ...priceRoutes,
  ...paymentMethodRoutes,
  ...setupIntentRoutes,
  ...paymentIntentRoutes,
  ...checkoutSessionRoutes,
  ...subscriptionRoutes,
  ...subscriptionItemRoutes,
  ...subscriptionScheduleRoutes,
  ...invoiceRoutes,
  ...invoiceItemRoutes,
  ...invoicePaymentRoutes,
  ...couponRoutes,
  ...promotionCodeRoutes,
  ...taxRateRoutes,
  ...refundRoutes,
  ...billingPortalRoutes,
  ...billingMeterRoutes,
  ...eventRoutes,
  ...webhookEndpointRoutes,
  ...testClockRoutes,
];
