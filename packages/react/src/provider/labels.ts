/**
 * Every visible string of the components, in English. Override any subset through
 * `<BillingProvider labels={{ subscribe: 'Abonnieren' }}>`. Values that embed data are functions
 * receiving already-formatted (locale-aware) money and dates.
 */
export const defaultLabels = {
  // PricingTable
  plansLoading: 'Loading plans…',
  plansError: 'The plans could not be loaded.',
  retry: 'Try again',
  intervalLegend: 'Billing period',
  monthly: 'Monthly',
  yearly: 'Yearly',
  save: (percent: number) => `Save ${percent}%`,
  perInterval: (interval: 'month' | 'year') => (interval === 'month' ? '/ month' : '/ year'),
  free: 'Free',
  notOffered: 'Not offered for this period',
  currentPlan: 'Current plan',
  subscribe: 'Subscribe',
  startTrial: (days: number) => `Start ${days}-day trial`,
  trialBadge: (days: number) => `${days}-day free trial`,
  switchPlan: 'Switch',
  /** Accessible name of a plan's button: its visible label first, then the plan. */
  actionName: (label: string, plan: string) => `${label} – ${plan}`,
  redirecting: 'Redirecting…',
  features: (plan: string) => `${plan} features`,
  checkoutTitle: 'Checkout',
  closeCheckout: 'Close checkout',
  stripeMissing:
    'Payments are not configured: pass your Stripe publishable key as BillingProvider’s `stripe` option.',
  // PlanSwitcher
  switcherTitle: 'Change plan',
  switcherLegend: 'Plan and billing period',
  noSubscriptionToChange: 'You have no subscription to change yet — choose a plan first.',
  optionLabel: (plan: string, interval: 'month' | 'year', price: string) =>
    `${plan}, ${interval === 'month' ? 'monthly' : 'yearly'}, ${price}`,
  currentSuffix: '(current)',
  previewLoading: 'Calculating your new price…',
  previewError: 'The price for this change could not be calculated.',
  creditLine: 'Credit for unused time',
  chargeLine: 'Charge for remaining time',
  subscriptionLine: 'New billing period',
  dueToday: 'Total due today',
  nextBill: (date: string, amount: string) => `Next bill: ${amount} on ${date}`,
  changesOn: (date: string) => `Changes on ${date}. Nothing is charged today.`,
  confirmChange: 'Confirm change',
  scheduleChange: 'Schedule change',
  confirming: 'Confirming…',
  cancel: 'Cancel',
  close: 'Close',
  changeApplied: (plan: string) => `You are now on ${plan}.`,
  changeScheduled: (plan: string, date: string) => `${plan} starts on ${date}.`,
  paymentConfirmed: 'Payment confirmed. Your plan is being updated.',
  scaFailed: (reason: string) =>
    `Your payment was not confirmed: ${reason} Your plan did not change.`,
  payInvoice: 'Pay the invoice instead',
  paymentNotAuthorised: 'The payment was not authorised.',
  scheduledNote: (plan: string, date: string) => `Scheduled: switch to ${plan} on ${date}.`,
  keepPlan: 'Keep my current plan',
  // BillingStatusBanner
  trialEnding: (date: string) => `Your trial ends on ${date}.`,
  addPaymentMethod: 'Add payment method',
  paymentFailed: (attempt: number, nextRetry: string | null) =>
    `Payment attempt ${attempt} failed.${nextRetry ? ` We will retry on ${nextRetry}.` : ''}`,
  updateCard: 'Update card',
  actionRequired: (amount: string) => `Your bank needs you to confirm a payment of ${amount}.`,
  confirmPayment: 'Confirm payment',
  cancelPending: (date: string) => `Your subscription ends on ${date}.`,
  resume: 'Resume subscription',
  downgradeScheduled: (plan: string, date: string) => `Your plan changes to ${plan} on ${date}.`,
  undo: 'Undo change',
  incomplete: 'Your subscription is not active yet: the first payment is unfinished.',
  finishCheckout: 'Finish payment',
  accessEnded: (reason: 'canceled' | 'unpaid' | 'incomplete_expired' | 'paused') =>
    reason === 'unpaid'
      ? 'Your subscription is unpaid and access is paused.'
      : reason === 'paused'
        ? 'Your subscription is paused.'
        : 'Your subscription has ended.',
  choosePlan: 'Choose a plan',
  dismiss: 'Dismiss',
  checkoutReturnPending: 'Confirming your subscription…',
  checkoutReturnTimedOut:
    'Your payment went through, but your subscription is taking longer than usual to appear. Refresh in a minute.',
  working: 'Working…',
};

/** The full label set; see {@link defaultLabels}. */
export type Labels = typeof defaultLabels;
