export type { BillingStatusBannerProps } from './billing-status-banner/billing-status-banner';
export { BillingStatusBanner } from './billing-status-banner/billing-status-banner';
export type { BillingClient, BillingClientOptions } from './client/billing-client';
export { createBillingClient } from './client/billing-client';
export type { ClientErrorCode } from './client/client-error';
export { BillingClientError } from './client/client-error';
export type { FeatureGateProps } from './feature-gate/feature-gate';
export { FeatureGate } from './feature-gate/feature-gate';
export type { ChangePlanResult } from './hooks/mutations';
export {
  useCancel,
  useChangePlan,
  useCheckout,
  useConfirmPayment,
  usePortal,
  useResume,
} from './hooks/mutations';
export { useBillingStatus, usePlans, usePreview, useUsage } from './hooks/queries';
export type { Entitlement, EntitlementState } from './hooks/use-entitlement';
export { useEntitlement } from './hooks/use-entitlement';
export type {
  PlanChoice,
  PlanSwitcherProps,
  PlanSwitcherRootProps,
  PlanSwitcherState,
} from './plan-switcher/plan-switcher';
export { PlanSwitcher } from './plan-switcher/plan-switcher';
export type { ChangeKind } from './plan-switcher/state';
export { planSwitcherState } from './plan-switcher/state';
export type { PlanAction } from './pricing-table/context';
export type { ActionProps, PlansProps } from './pricing-table/parts';
export type { PricingTableProps } from './pricing-table/pricing-table';
export { PricingTable } from './pricing-table/pricing-table';
export type { PricingTableRootProps } from './pricing-table/root';
export type { BillingProviderProps } from './provider/billing-provider';
export { BillingProvider } from './provider/billing-provider';
export type { CheckoutReturnOptions } from './provider/checkout-return';
export type { CheckoutReturnState } from './provider/context';
export type { LabelOverrides, Labels } from './provider/labels';
export { defaultErrorLabels, defaultLabels, errorText } from './provider/labels';
export type { StripeLike, StripeOption } from './provider/stripe';
export { useCheckoutReturn } from './provider/use-checkout-return';
export type { BillingQueries } from './queries/billing-queries';
export { billingKeys, billingQueries } from './queries/billing-queries';
export type {
  UsageMeterMeterProps,
  UsageMeterNoticeProps,
  UsageMeterProps,
  UsageMeterRootProps,
} from './usage-meter/usage-meter';
export { UsageMeter } from './usage-meter/usage-meter';
