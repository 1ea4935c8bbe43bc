export {
  type BillingScenario,
  billingHandlers,
  billingRequests,
  checkScenario,
  MockBillingApi,
  mockBillingApi,
  paymentConfirmed,
  plansFor,
  type RecordedRequest,
  resetBillingRecords,
} from './billing-api';
export { reportViolation, takeViolations } from './contract';
export { apiError, pending, type Reply } from './reply';
