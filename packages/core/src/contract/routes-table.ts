import { plansResponseSchema } from './plans';
import { ROUTE_PATHS } from './route-paths';
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
import { usageResponseSchema } from './usage';

/**
 * The wire contract with its zod schemas: every route, its method and path, the schema of its
 * request body and of its response. The server validates requests with `request` and checks its
 * own answers with `response` in tests and dev mode; the browser reads {@link ROUTE_PATHS} only.
 */
export const ROUTES = {
  plans: { ...ROUTE_PATHS.plans, request: null, response: plansResponseSchema },
  status: { ...ROUTE_PATHS.status, request: null, response: billingStatusSchema },
  checkout: {
    ...ROUTE_PATHS.checkout,
    request: checkoutRequestSchema,
    response: checkoutResponseSchema,
  },
  portal: { ...ROUTE_PATHS.portal, request: portalRequestSchema, response: portalResponseSchema },
  preview: { ...ROUTE_PATHS.preview, request: previewRequestSchema, response: previewSchema },
  change: { ...ROUTE_PATHS.change, request: changeRequestSchema, response: changeResponseSchema },
  cancel: { ...ROUTE_PATHS.cancel, request: null, response: cancelResponseSchema },
  resume: { ...ROUTE_PATHS.resume, request: resumeRequestSchema, response: resumeResponseSchema },
  usage: { ...ROUTE_PATHS.usage, request: null, response: usageResponseSchema },
  webhook: { ...ROUTE_PATHS.webhook, request: null, response: webhookResponseSchema },
} as const;

export type { RouteName } from './route-paths';
