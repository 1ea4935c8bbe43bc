/** Signed, retried, recorded webhook delivery. */
export { createDeliverer } from './deliverer.js';
export { signatureHeader } from './sign.js';
export type {
  AttemptOutcome,
  DeliverableEvent,
  Deliverer,
  DelivererOptions,
  DeliveryAttempt,
  DeliveryEndpoint,
} from './types.js';
