import * as z from 'zod/mini';

/** Billing intervals Tollgate sells. */
export const INTERVALS = ['month', 'year'] as const;
export const intervalSchema = z.enum(INTERVALS);
export type Interval = z.infer<typeof intervalSchema>;

/** A plan key: lowercase letters, digits, `_` and `-`, as used in the catalog. */
export const planKeySchema = z
  .string()
  .check(
    z.regex(
      /^[a-z0-9][a-z0-9_-]{0,63}$/,
      'must be lower-case letters, digits, "_" or "-" (1 to 64, starting with a letter or digit)',
    ),
  );

/** Every status a Stripe subscription can have, in Stripe's words. */
export const SUBSCRIPTION_STATUSES = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
] as const;
export const subscriptionStatusSchema = z.enum(SUBSCRIPTION_STATUSES);
export type SubscriptionStatus = z.infer<typeof subscriptionStatusSchema>;

/** A subscription status, or `none` when the customer has no subscription at all. */
export const billingStatusValueSchema = z.enum([...SUBSCRIPTION_STATUSES, 'none']);
export type BillingStatusValue = z.infer<typeof billingStatusValueSchema>;

/** What the customer may use right now. */
export const accessSchema = z.enum(['full', 'grace', 'none']);
export type Access = z.infer<typeof accessSchema>;

/** An ISO-8601 instant (`2026-11-27T12:00:00.000Z`). All wire dates use this form. */
export const instantSchema = z.iso.datetime({ offset: true });

/** A lower-case ISO 4217 currency code, as Stripe writes it (`usd`, `jpy`). */
export const currencySchema = z
  .string()
  .check(z.regex(/^[a-z]{3}$/, 'must be a lower-case ISO 4217 code such as "usd"'));

/** An amount in the currency's minor unit (cents for USD, yen for JPY, fils for KWD). */
export const minorUnitsSchema = z.int();

/** Entitlement values: a boolean feature or a numeric limit (-1 = unlimited). */
export const entitlementsSchema = z.record(z.string(), z.union([z.boolean(), z.int()]));
export type Entitlements = z.infer<typeof entitlementsSchema>;
