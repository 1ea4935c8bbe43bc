export type { BillingConfig, BillingUser } from './config';
export type { Billing } from './create-billing';
export { createBilling } from './create-billing';
export type { HealthReport } from './health';
export type { Handler } from './http/endpoint';
export type { LogFields, Logger } from './logger';
export { consoleLogger, redact, silentLogger } from './logger';
export type {
  NotificationBase,
  NotificationPayloads,
  NotificationType,
  Notifier,
} from './notifier';
export type { ReconcileProgress, ReconcileResult } from './reconcile';
export type { Migration } from './store/migrations';
export { MIGRATIONS, migrate } from './store/migrations';
export type { StoreInput } from './store/open';
export { DEFAULT_PGLITE_DIR } from './store/open';
export type { LedgerStatus, Queryable } from './store/types';
export type { StripeConnection, StripeInput } from './stripe/client';
export { stripeFromEnv } from './stripe/client';
export type { PushStep } from './stripe/push-catalog';
export { pushCatalog } from './stripe/push-catalog';
export type { DeliveryRound } from './usage/deliverer';
export type { OutboxStats, RefusedBatch } from './usage/outbox';
export type { RecordUsageOptions, UsageRecord } from './usage/record';
export type { DeliveryMode, UsageConfig } from './usage/runtime';
