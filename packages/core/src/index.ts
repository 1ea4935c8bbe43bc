export type { DeriveOptions } from './billing/derive';
export { deriveBillingState } from './billing/derive';
export type { EntitlementSource, MeterSource } from './billing/entitlements';
export { canAccess, limitOf, withinLimit } from './billing/entitlements';
export type { BillingPolicy, PastDueGrace, ResolvedPolicy } from './billing/policy';
export { DEFAULT_BILLING_POLICY, resolvePolicy } from './billing/policy';
export { NO_PLAN_KEY } from './billing/resolve-plan';
export { priceForSeats } from './billing/seat-price';
export type { BillingSnapshot, InvoiceSnapshot, SubscriptionSnapshot } from './billing/snapshot';
export { statusExpiresAt } from './billing/status-expiry';
export { METER_WARNING_RATIO, meterAllows, meterCharge, meterState } from './billing/usage';
export type {
  Catalog,
  Plan,
  PlanInput,
  PriceRef,
  PriceTierInput,
} from './catalog/define-plans';
export { definePlans } from './catalog/define-plans';
export type {
  MeterFormula,
  MeterPriceInput,
  PlanMeter,
  PlanMeterInput,
} from './catalog/plan-meters';
export type { SeatInput, SeatRule } from './catalog/seats';
export { checkSeats, MAX_SEATS, seatBounds, seatEntitlements } from './catalog/seats';
export { ALERT_ORDER } from './contract/alert-order';
export type { Discount, DiscountAmount, TaxAmount } from './contract/discount';
export { discountAmountSchema, discountSchema, taxAmountSchema } from './contract/discount';
export { errorBodySchema } from './contract/error-body';
export type { ErrorBody, ErrorCode, WireErrorCode } from './contract/errors';
export { BillingError, ERROR_STATUS, RETRYABLE_CODES } from './contract/errors';
export type { PlanPrice, PlansResponse, PriceTier, PublicPlan } from './contract/plans';
export {
  planPriceSchema,
  plansResponseSchema,
  priceTierSchema,
  publicPlanSchema,
} from './contract/plans';
export type {
  Access,
  BillingStatusValue,
  Entitlements,
  Interval,
  SubscriptionStatus,
} from './contract/primitives';
export {
  accessSchema,
  INTERVALS,
  intervalSchema,
  planKeySchema,
  SUBSCRIPTION_STATUSES,
  subscriptionStatusSchema,
} from './contract/primitives';
export type { RouteName } from './contract/route-paths';
export { ROUTE_PATHS } from './contract/route-paths';
export type {
  ChangePreview,
  ChangePreviewRequest,
  ChangeRequest,
  ChangeResponse,
  CheckoutRequest,
  CheckoutResponse,
  PortalFlow,
  PortalRequest,
  PortalResponse,
  Preview,
  PreviewFor,
  PreviewLine,
  PreviewRequest,
  ResumePreview,
  ResumePreviewRequest,
  ResumeRequest,
  ResumeUndo,
} from './contract/routes';
export {
  changePreviewRequestSchema,
  changePreviewSchema,
  changeRequestSchema,
  changeResponseSchema,
  checkoutRequestSchema,
  checkoutResponseSchema,
  portalFlowSchema,
  portalRequestSchema,
  portalResponseSchema,
  previewRequestSchema,
  previewSchema,
  relativePathSchema,
  resumePreviewRequestSchema,
  resumePreviewSchema,
  resumeRequestSchema,
  resumeUndoSchema,
  seatsSchema,
  webhookResponseSchema,
} from './contract/routes';
export { ROUTES } from './contract/routes-table';
export type { Alert, AlertType, BillingStatus, PendingChange } from './contract/status';
export {
  alertSchema,
  billingStatusSchema,
  pendingChangeSchema,
} from './contract/status';
export type {
  MeterLimit,
  MeterPrice,
  MeterState,
  MeterTier,
  MeterUsage,
  UsageResponse,
} from './contract/usage';
export {
  meterLimitSchema,
  meterStateSchema,
  meterUsageSchema,
  usageResponseSchema,
} from './contract/usage';
export type { DateFormatOptions } from './format/date';
export { formatDate } from './format/date';
export { intervalLabel, priceLabel } from './format/interval';
export { minorUnitExponent } from './format/minor-units';
export type { MoneyFormatOptions } from './format/money';
export { formatMoney } from './format/money';
export type { YearlySavings } from './format/savings';
export { yearlySavings } from './format/savings';
