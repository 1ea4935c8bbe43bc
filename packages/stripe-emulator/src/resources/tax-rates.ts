import { must } from '../engine/util.js';
import { createdFilter, paginate } from '../http/list.js';
import type { Route } from '../http/router.js';
import { bool, PAGINATION, range } from '../http/schema.js';

/**
 * /v1/tax_rates, read-only: the rates automatic tax applied (one per country of the emulator's
 * tax table, inclusive or exclusive), as `total_taxes[].tax_rate_details.tax_rate` names them.
 */
export const taxRateRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/tax_rates/:id',
    parameters: {},
    handler: ({ engine, ids }) => must(engine.state.taxRates, ids[0]!, 'tax_rate'),
  },
  {
    method: 'GET',
    path: '/v1/tax_rates',
    parameters: { ...PAGINATION, created: range, active: bool(), inclusive: bool() },
    handler: ({ engine, params }) => {
      const active = params.bool('active');
      const inclusive = params.bool('inclusive');
      const items = createdFilter(Object.values(engine.state.taxRates), params).filter(
        (r) =>
          (active === undefined || r.active === active) &&
          (inclusive === undefined || r.inclusive === inclusive),
      );
      return paginate(items, params, '/v1/tax_rates');
    },
  },
];
