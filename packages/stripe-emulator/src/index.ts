/**
 * @tollgate/stripe-emulator — a stateful Stripe API that the official `stripe` SDK talks to
 * over HTTP, with an emulator clock, event emission and webhook delivery.
 */
export { createStripeClient, type EmulatorAddress } from './client.js';
export type { Clock } from './clock.js';
export {
  type Emulator,
  type EmulatorEvents,
  type EmulatorOptions,
  startEmulator,
  type WebhookOption,
} from './emulator.js';
export { TEST_CARDS, type TestCard } from './engine/cards.js';
export {
  DEFAULT_DUNNING,
  type DunningOutcome,
  type DunningSchedule,
  type Engine,
} from './engine/context.js';
export type { RateLimitOption } from './faults/rate-limit.js';
export type { RequestRecord } from './http/server.js';
export { type EmulatorSnapshot, loadSnapshot, SnapshotError, saveSnapshot } from './snapshot.js';
export type { State } from './state.js';
export {
  authenticateCheckout,
  authenticateInvoice,
  authenticateSetup,
  type CheckoutPayment,
  type CheckoutResult,
  completeCheckout,
  type PaymentOutcome,
} from './test-steps.js';
