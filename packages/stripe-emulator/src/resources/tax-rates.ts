import type Stripe from 'stripe';
import { createTaxRate } from '../engine/tax.js';
import { mergeMetadata, must } from '../engine/util.js';
import { createdFilter, paginate } from '../http/list.js';
import type { Reader } from '../http/params.js';
import type { Route } from '../http/router.js';
import { bool, metadata, num, oneOf, PAGINATION, range, str } from '../http/schema.js';
import { valuesOf } from '../state.js';

/** Stripe's `tax_type` values. */
const TAX_TYPES = [
  'admissions_tax',
  'amusement_tax',
  'attendance_tax',
  'communications_tax',
  'digital_excise_tax',
  'entertainment_tax',
  'get_fund',
  'gross_receipts_tax',
  'gst',
  'hospitality_tax',
  'hst',
  'igst',
  'jct',
  'lease_tax',
  'luxury_tax',
  'mass_transit_parking_tax',
  'nhil',
  'parking_tax',
  'pst',
  'qst',
  'resort_tax',
  'retail_delivery_fee',
  'rst',
  'sales_tax',
  'service_tax',
  'tourism_tax',
  'utility_users_tax',
  'vat',
];

const EDITABLE = {
  active: bool(),
  country: str(),
  description: str(),
  display_name: str(),
  jurisdiction: str(),
  metadata,
  state: str(),
  tax_type: oneOf(TAX_TYPES),
};

function editable(p: Reader) {
  return {
    active: p.bool('active'),
    country: p.str('country'),
    description: p.str('description'),
    display_name: p.str('display_name'),
    jurisdiction: p.str('jurisdiction'),
    state: p.str('state'),
    tax_type: p.str('tax_type') as Stripe.TaxRate.TaxType | undefined,
  };
}

/**
 * /v1/tax_rates: manual rates (for `default_tax_rates`) and the rates automatic tax applied (one
 * per country of the emulator's tax table, inclusive or exclusive), as
 * `total_taxes[].tax_rate_details.tax_rate` names them.
 */
export const taxRateRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/tax_rates',
    parameters: {
      ...EDITABLE,
      display_name: str({ required: true }),
      percentage: num({ required: true, min: 0, max: 100 }),
      inclusive: bool({ required: true }),
    },
    handler: ({ engine, params }) => {
      const fields = Object.fromEntries(
        Object.entries(editable(params)).filter(([, v]) => v !== undefined),
      );
      return createTaxRate(engine, {
        ...fields,
        percentage: params.num('percentage')!,
        inclusive: params.bool('inclusive')!,
        metadata: params.meta() || undefined,
      });
    },
  },
  {
    method: 'POST',
    path: '/v1/tax_rates/:id',
    parameters: EDITABLE,
    handler: ({ engine, ids, params }) => {
      const rate = must(engine.state.taxRates, ids[0]!, 'tax_rate');
      for (const [k, v] of Object.entries(editable(params)))
        if (v !== undefined) (rate as unknown as Record<string, unknown>)[k] = v;
      rate.metadata = mergeMetadata(rate.metadata ?? {}, params.meta());
      return rate;
    },
  },
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
      const items = createdFilter(valuesOf(engine.state.taxRates), params).filter(
        (r) =>
          (active === undefined || r.active === active) &&
          (inclusive === undefined || r.inclusive === inclusive),
      );
      return paginate(items, params, '/v1/tax_rates');
    },
  },
];
