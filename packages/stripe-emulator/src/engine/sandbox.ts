import { createClock } from '../clock.js';
import { createState, type State } from '../state.js';
import { scopedClock } from './clock-scope.js';
import type { Engine } from './context.js';
import { clone } from './emit.js';
import { idOf } from './util.js';

const silent = { subscribe: () => () => {}, publish: () => {} };

type Owned = { customer?: unknown };

function own<T extends Owned>(objects: Record<string, T>, customer: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [id, o] of Object.entries(objects))
    if (idOf(o.customer as string | null) === customer) out[id] = o;
  return out;
}

/**
 * A copy of what one customer's billing touches: the customer and its subscriptions, schedules,
 * invoices, invoice items, payments, discounts and meter events, with the whole catalog (products,
 * prices, coupons, promotion codes, tax rates, meters) and the test clocks. Other customers'
 * objects stay out, so a preview costs what the customer owns, not what the emulator holds.
 */
function customerSlice(state: State, customer: string): State {
  const fresh = createState();
  return clone({
    ...fresh,
    customers: { [customer]: state.customers[customer]! },
    products: state.products,
    prices: state.prices,
    coupons: state.coupons,
    promotionCodes: state.promotionCodes,
    taxRates: state.taxRates,
    meters: state.meters,
    testClocks: state.testClocks,
    paymentMethods: own(state.paymentMethods, customer),
    setupIntents: own(state.setupIntents, customer),
    paymentIntents: own(state.paymentIntents, customer),
    subscriptions: own(state.subscriptions, customer),
    subscriptionSchedules: own(state.subscriptionSchedules, customer),
    invoices: own(state.invoices, customer),
    invoiceItems: own(state.invoiceItems, customer),
    discounts: own(state.discounts, customer),
    meterEvents: own(state.meterEvents, customer),
    internal: { ...state.internal, checkoutLineItems: {}, checkoutSubscriptionData: {} },
  });
}

/**
 * Runs `fn` on a throw-away copy of `customer`'s part of the engine: the same objects and time
 * (a test clock's time too), no events delivered, nothing kept. Previews of changes that only
 * bill later (a schedule's next phase, the renewal after it) run the real change and the real
 * renewal here, so what they show is what will be billed.
 */
export function inSandbox<T>(engine: Engine, customer: string, fn: (sandbox: Engine) => T): T {
  const scope = engine.clock.scope;
  const base = engine.clock.within(null, () => engine.clock.now());
  const state = customerSlice(engine.state, customer);
  const sandbox: Engine = {
    state,
    clock: scopedClock(createClock({ start: base, frozen: true })),
    bus: silent,
    config: engine.config,
    request: null,
    redeliver: () => {},
  };
  return sandbox.clock.within(scope, () => fn(sandbox));
}
