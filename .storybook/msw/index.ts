export {
  type BillingScenario,
  billingHandlers,
  billingRequests,
  checkScenario,
  MockBillingApi,
  mockBillingApi,
  paymentConfirmed,
  type RecordedRequest,
  resetBillingRecords,
} from './billing-api';
export { reportViolation, takeViolations } from './contract';
export { apiError, delayed, networkError, pending, type Reply } from './reply';
