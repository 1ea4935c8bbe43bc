import { plansResponseSchema } from './plans';
import {
  cancelResponseSchema,
  changeRequestSchema,
  changeResponseSchema,
  checkoutRequestSchema,
  checkoutResponseSchema,
  portalRequestSchema,
  portalResponseSchema,
  previewRequestSchema,
  previewSchema,
  resumeRequestSchema,
  resumeResponseSchema,
  webhookResponseSchema,
} from './routes';
import { billingStatusSchema } from './status';

/**
 * The wire contract: every route under the base path (default `/api/billing`), its method, and
 * the schemas of its request body and response. The server validates requests with `request`,
 * the client validates responses with `response`.
 */
export const ROUTES = {
  plans: { method: 'GET', path: '/plans', request: null, response: plansResponseSchema },
  status: { method: 'GET', path: '/status', request: null, response: billingStatusSchema },
  checkout: {
    method: 'POST',
    path: '/checkout',
    request: checkoutRequestSchema,
    response: checkoutResponseSchema,
  },
  portal: {
    method: 'POST',
    path: '/portal',
    request: portalRequestSchema,
    response: portalResponseSchema,
  },
  preview: {
    method: 'POST',
    path: '/preview',
    request: previewRequestSchema,
    response: previewSchema,
  },
  change: {
    method: 'POST',
    path: '/change',
    request: changeRequestSchema,
    response: changeResponseSchema,
  },
  cancel: { method: 'POST', path: '/cancel', request: null, response: cancelResponseSchema },
  resume: {
    method: 'POST',
    path: '/resume',
    request: resumeRequestSchema,
    response: resumeResponseSchema,
  },
  webhook: { method: 'POST', path: '/webhook', request: null, response: webhookResponseSchema },
} as const;

export type RouteName = keyof typeof ROUTES;
