import type { AlertType } from './status';

/**
 * The order alerts are listed in, most urgent first. Kept apart from the schemas so that
 * `deriveBillingState` can use it without pulling the schemas into a bundle.
 */
export const ALERT_ORDER: readonly AlertType[] = [
  'action_required',
  'payment_failed',
  'access_ended',
  'incomplete',
  'trial_ending',
  'cancel_pending',
  'downgrade_scheduled',
];
