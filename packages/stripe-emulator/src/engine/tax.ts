import type Stripe from 'stripe';
import { invalidRequest } from '../errors.js';
import { newId } from '../ids.js';
import { valuesOf } from '../state.js';
import type { Engine } from './context.js';

/**
 * The emulator's own tax table: one rate per customer country. These are NOT Stripe Tax's
 * rates (which depend on region, product tax code and registrations); they are round figures
 * so tax flows and amounts can be exercised offline. Countries not listed are taxed at 0
 * (`taxability_reason: 'not_collecting'`, as for a country where the account is not registered).
 */
export const TAX_TABLE: Readonly<
  Record<string, { percentage: number; name: string; type: Stripe.TaxRate.TaxType }>
> = {
  AU: { percentage: 10, name: 'GST', type: 'gst' },
  CA: { percentage: 5, name: 'GST', type: 'gst' },
  CH: { percentage: 8.1, name: 'VAT', type: 'vat' },
  DE: { percentage: 19, name: 'VAT', type: 'vat' },
  ES: { percentage: 21, name: 'VAT', type: 'vat' },
  FR: { percentage: 20, name: 'VAT', type: 'vat' },
  GB: { percentage: 20, name: 'VAT', type: 'vat' },
  IE: { percentage: 23, name: 'VAT', type: 'vat' },
  IT: { percentage: 22, name: 'VAT', type: 'vat' },
  JP: { percentage: 10, name: 'JCT', type: 'jct' },
  NL: { percentage: 21, name: 'VAT', type: 'vat' },
  NZ: { percentage: 15, name: 'GST', type: 'gst' },
  SE: { percentage: 25, name: 'VAT', type: 'vat' },
  US: { percentage: 7.25, name: 'Sales tax', type: 'sales_tax' },
};

/** Where and how a customer is taxed. */
export interface TaxLocation {
  country: string | null;
  exempt: Stripe.Customer.TaxExempt | null;
}

/** The customer's tax location (its address's country and `tax_exempt`). */
export function locationOf(customer: Stripe.Customer | null): TaxLocation {
  return {
    country: customer?.address?.country?.toUpperCase() ?? null,
    exempt: customer?.tax_exempt ?? null,
  };
}

/**
 * Stripe's refusal when automatic tax is on and the customer has no usable location
 * (`customer_tax_location_invalid`); a customer that is `exempt` needs none.
 */
export function requireLocation(location: TaxLocation, param: string): void {
  if (location.country || location.exempt === 'exempt') return;
  throw invalidRequest(
    "The customer's location isn't recognized. Give the customer an address with a country (customers.update address[country]) before enabling automatic tax.",
    param,
    'customer_tax_location_invalid',
  );
}

/** The tax rate object the table gives `country` (one per country and inclusive/exclusive). */
function taxRate(engine: Engine, country: string, inclusive: boolean): Stripe.TaxRate {
  const row = TAX_TABLE[country]!;
  const existing = valuesOf(engine.state.taxRates).find(
    (r) => r.country === country && r.inclusive === inclusive,
  );
  if (existing) return existing;
  const rate: Stripe.TaxRate = {
    id: newId('txr'),
    object: 'tax_rate',
    active: true,
    country,
    created: engine.clock.now(),
    description: `Tollgate emulator table: ${country} ${row.name}`,
    display_name: row.name,
    effective_percentage: row.percentage,
    flat_amount: null,
    inclusive,
    jurisdiction: country,
    jurisdiction_level: 'country',
    livemode: false,
    metadata: {},
    percentage: row.percentage,
    rate_type: 'percentage',
    state: null,
    tax_type: row.type,
  };
  engine.state.taxRates[rate.id] = rate;
  return rate;
}

/** What a line is taxed on, and how its price says tax is counted. */
export interface Taxable {
  /** The line's amount after discounts. */
  amount: number;
  behavior: 'inclusive' | 'exclusive';
}

/**
 * One line's tax: `exclusive` adds `round(amount × rate)`; `inclusive` carves
 * `amount − round(amount / (1 + rate))` out of the amount. `taxable_amount` is the amount
 * excluding tax.
 */
export function lineTax(
  engine: Engine,
  line: Taxable,
  where: TaxLocation,
): Stripe.InvoiceLineItem.Tax {
  const base = { tax_behavior: line.behavior, type: 'tax_rate_details' as const };
  const reason: Stripe.InvoiceLineItem.Tax.TaxabilityReason | null =
    where.exempt === 'exempt'
      ? 'customer_exempt'
      : where.exempt === 'reverse'
        ? 'reverse_charge'
        : !where.country || !TAX_TABLE[where.country]
          ? 'not_collecting'
          : null;
  if (reason)
    return {
      ...base,
      amount: 0,
      tax_rate_details: null,
      taxability_reason: reason,
      taxable_amount: line.amount,
    };
  const rate = taxRate(engine, where.country!, line.behavior === 'inclusive');
  const r = rate.percentage / 100;
  const amount =
    line.behavior === 'inclusive'
      ? line.amount - Math.round(line.amount / (1 + r))
      : Math.round(line.amount * r);
  return {
    ...base,
    amount,
    tax_rate_details: { tax_rate: rate.id },
    taxability_reason: 'standard_rated',
    taxable_amount: line.behavior === 'inclusive' ? line.amount - amount : line.amount,
  };
}

/** Sums line taxes by rate, behaviour and reason (the invoice's `total_taxes`). */
export function totalTaxes(
  taxes: readonly Stripe.InvoiceLineItem.Tax[],
): Stripe.Invoice.TotalTax[] {
  const out = new Map<string, Stripe.Invoice.TotalTax>();
  for (const t of taxes) {
    const key = `${t.tax_rate_details?.tax_rate ?? ''}|${t.tax_behavior}|${t.taxability_reason}`;
    const sum = out.get(key);
    if (sum) {
      sum.amount += t.amount;
      sum.taxable_amount = (sum.taxable_amount ?? 0) + (t.taxable_amount ?? 0);
    } else
      out.set(key, {
        ...t,
        tax_rate_details: t.tax_rate_details ? { ...t.tax_rate_details } : null,
      } as Stripe.Invoice.TotalTax);
  }
  return [...out.values()];
}

/**
 * Taxes from manual tax rates (`default_tax_rates`): each rate taxes the amount after discounts;
 * exclusive rates add `round(base × rate)`, inclusive ones share out what the amount includes
 * (`base = amount / (1 + Σ inclusive rates)`).
 */
export function manualTaxes(
  amount: number,
  rates: readonly Stripe.TaxRate[],
): Stripe.InvoiceLineItem.Tax[] {
  const inclusive = rates.filter((r) => r.inclusive).reduce((s, r) => s + r.percentage / 100, 0);
  const base = amount / (1 + inclusive);
  return rates.map((r) => ({
    amount: Math.round(base * (r.percentage / 100)),
    tax_behavior: r.inclusive ? 'inclusive' : 'exclusive',
    tax_rate_details: { tax_rate: r.id },
    taxability_reason: 'not_available',
    taxable_amount: Math.round(base),
    type: 'tax_rate_details',
  }));
}

/** Tax rates by id for `default_tax_rates` (active ones only, as Stripe requires). */
export function taxRatesOf(
  engine: Engine,
  ids: readonly string[],
  param: string,
): Stripe.TaxRate[] {
  return ids.map((id, i) => {
    const rate = engine.state.taxRates[id];
    if (!rate)
      throw invalidRequest(`No such tax rate: '${id}'`, `${param}[${i}]`, 'resource_missing');
    if (!rate.active)
      throw invalidRequest(
        `The tax rate ${id} is inactive and cannot be applied.`,
        `${param}[${i}]`,
      );
    return rate;
  });
}

/** Stripe's refusal of manual tax rates together with automatic tax. */
export function refuseRatesWithAutomatic(
  automatic: boolean,
  rates: readonly unknown[],
  param: string,
): void {
  if (automatic && rates.length)
    throw invalidRequest(
      'You cannot set tax rates when automatic tax is enabled; turn automatic_tax off or remove the rates.',
      param,
    );
}

/** `tax_rates.create` input. */
export interface TaxRateInput {
  display_name?: string;
  percentage?: number;
  inclusive?: boolean;
  active?: boolean;
  country?: string;
  state?: string;
  description?: string;
  jurisdiction?: string;
  tax_type?: Stripe.TaxRate.TaxType;
  metadata?: Record<string, string>;
}

/** Creates a manual tax rate (`percentage` and `inclusive` are fixed from then on, as in Stripe). */
export function createTaxRate(engine: Engine, input: TaxRateInput): Stripe.TaxRate {
  const rate: Stripe.TaxRate = {
    id: newId('txr'),
    object: 'tax_rate',
    active: input.active ?? true,
    country: input.country?.toUpperCase() ?? null,
    created: engine.clock.now(),
    description: input.description ?? null,
    display_name: input.display_name ?? '',
    effective_percentage: input.percentage ?? 0,
    flat_amount: null,
    inclusive: input.inclusive ?? false,
    jurisdiction: input.jurisdiction ?? null,
    jurisdiction_level: null,
    livemode: false,
    metadata: input.metadata ?? {},
    percentage: input.percentage ?? 0,
    rate_type: 'percentage',
    state: input.state ?? null,
    tax_type: input.tax_type ?? null,
  };
  engine.state.taxRates[rate.id] = rate;
  return rate;
}
