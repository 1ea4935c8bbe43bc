/**
 * The billing engine: Stripe's objects and what happens to them, as plain functions over an
 * {@link Engine} (`{state, clock, bus, config}`). The HTTP resources and the hosted pages both
 * call these, so a page and the API change state — and emit events — identically.
 *
 * Operations the hosted pages need (all synchronous; they throw `StripeApiError`):
 *
 * Checkout page
 * - `getCheckoutSession(engine, id)`; line items: `engine.state.internal.checkoutLineItems[id]`;
 *   trial/metadata: `engine.state.internal.checkoutSubscriptionData[id]`.
 * - `completeCheckout(engine, sessionId, {card: {number}} | {paymentMethod: 'pm_…'}, {email?, name?})`
 *   → `{status: 'complete' | 'requires_action' | 'failed', session, error?}` (declines return
 *   Stripe's error body; the session stays open).
 * - `settleCheckoutAction(engine, sessionId, 'complete' | 'fail')` — the 3DS challenge.
 * - `checkoutRedirectUrl(session, 'success' | 'cancel')` — `{CHECKOUT_SESSION_ID}` filled in.
 * - `TEST_CARDS` — the cards to offer.
 *
 * Hosted invoice page
 * - `getInvoice(engine, id)`, `invoicePaymentIntent(engine, invoice)` (status, last_payment_error).
 * - `attemptInvoicePayment(engine, invoice, {paymentMethod?})` → `'succeeded' | 'requires_action' | 'failed' | 'no_payment_method'`.
 * - `authenticateInvoicePayment(engine, invoiceId, 'complete' | 'fail')`.
 * - `createCardPaymentMethod(engine, {number})` + `attachPaymentMethod(engine, pmId, customerId)`.
 *
 * Portal page (`engine.state.portalSessions[id]` → customer, return_url, flow)
 * - `setCancelAtPeriodEnd(engine, subId, true | false)` — cancel at period end / resume.
 * - `cancelSubscription(engine, subId)` — cancel now.
 * - `updateSubscriptionFromApi(engine, subId, {items: [{id, price}], proration_behavior, payment_behavior})` — switch price.
 * - `previewInvoice(engine, {subscription, subscription_details})` — what a switch costs.
 * - `setDefaultPaymentMethod(engine, customerId, pmId)` — update card (after attach).
 *
 * Setup: `authenticateSetupIntent(engine, setupIntentId, 'complete' | 'fail')` — a SetupIntent's 3DS.
 *
 * Time: `runDue(engine, until)` runs renewals, trial ends, dunning, schedule phases, expiries.
 */
import type { EngineClock } from '../clock.js';
import type { EventBus } from '../events.js';
import type { State } from '../state.js';
import { scopedClock } from './clock-scope.js';
import { DEFAULT_DUNNING, type DunningSchedule, type Engine } from './context.js';
import { runDue } from './scheduler.js';

export { API_VERSION } from '../api-version.js';
export { type CardBehaviour, TEST_CARDS, type TestCard } from './cards.js';
export { createPrice, createProduct, getPrice, updatePrice, updateProduct } from './catalog.js';
export {
  type CheckoutPayment,
  type CheckoutResult,
  checkoutRedirectUrl,
  completeCheckout,
  createCheckoutSession,
  expireCheckoutSession,
  getCheckoutSession,
  settleCheckoutAction,
} from './checkout.js';
export {
  DEFAULT_DUNNING,
  type DunningOutcome,
  type DunningSchedule,
  type Engine,
} from './context.js';
export { createCustomer, deleteCustomer, getCustomer, updateCustomer } from './customers.js';
export { emit } from './emit.js';
export {
  attemptInvoicePayment,
  authenticateInvoicePayment,
  defaultPaymentMethodFor,
  finalizeInvoice,
  getInvoice,
  invoicePaymentIntent,
  voidInvoice,
} from './invoices.js';
export { meterSummaries, usageFor } from './meter-usage.js';
export { adjustMeterEvent, createMeter, recordMeterEvent } from './meters.js';
export {
  attachPaymentMethod,
  createCardPaymentMethod,
  detachPaymentMethod,
  resolvePaymentMethod,
  setDefaultPaymentMethod,
} from './payment-methods.js';
export type { PaymentOutcome } from './payments.js';
export { createPortalSession, defaultPortalConfiguration } from './portal.js';
export { previewInvoice } from './preview.js';
export { runDue } from './scheduler.js';
export { cancelSchedule, createSchedule, releaseSchedule, updateSchedule } from './schedules.js';
export { authenticateSetupIntent, confirmSetupIntent, createSetupIntent } from './setup-intents.js';
export { updateSubscription } from './subscription-status.js';
export { updateSubscriptionFromApi } from './subscription-update.js';
export {
  cancelSubscription,
  createSubscription,
  getSubscription,
  setCancelAtPeriodEnd,
} from './subscriptions.js';

/** Creates an engine over `state`, hooking the clock so `advance()` runs due work. */
export function createEngine(options: {
  state: State;
  clock: EngineClock;
  bus: EventBus;
  baseUrl: string;
  dunning?: DunningSchedule;
  meterEventRateLimit?: number;
  meterSummaryDelaySeconds?: number;
}): Engine {
  const engine: Engine = {
    state: options.state,
    clock: scopedClock(options.clock),
    bus: options.bus,
    config: {
      baseUrl: options.baseUrl,
      dunning: options.dunning ?? DEFAULT_DUNNING,
      ...(options.meterEventRateLimit !== undefined
        ? { meterEventRateLimit: options.meterEventRateLimit }
        : {}),
      ...(options.meterSummaryDelaySeconds !== undefined
        ? { meterSummaryDelaySeconds: options.meterSummaryDelaySeconds }
        : {}),
    },
    request: null,
    redeliver: (event) => options.bus.publish(event),
  };
  options.clock.onAdvance((until) => runDue(engine, until, null));
  return engine;
}
