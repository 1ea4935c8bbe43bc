/**
 * Every route under the base path (default `/api/billing`) and its method, without schemas:
 * what the browser's client needs, so its bundle carries no validator.
 */
export const ROUTE_PATHS = {
  plans: { method: 'GET', path: '/plans' },
  status: { method: 'GET', path: '/status' },
  checkout: { method: 'POST', path: '/checkout' },
  portal: { method: 'POST', path: '/portal' },
  preview: { method: 'POST', path: '/preview' },
  change: { method: 'POST', path: '/change' },
  cancel: { method: 'POST', path: '/cancel' },
  resume: { method: 'POST', path: '/resume' },
  usage: { method: 'GET', path: '/usage' },
  webhook: { method: 'POST', path: '/webhook' },
} as const;

/** A route's name in the contract. */
export type RouteName = keyof typeof ROUTE_PATHS;
