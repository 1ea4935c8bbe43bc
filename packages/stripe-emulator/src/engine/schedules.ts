import type Stripe from 'stripe';
import { invalidRequest, missingParam } from '../errors.js';
import { newId } from '../ids.js';
import type { ProrationBehavior } from './change-plan.js';
import type { Engine } from './context.js';
import { checkDiscounts, type DiscountSpec, redeemDiscounts } from './discounts.js';
import { emit, track } from './emit.js';
import { buildItem, currentPeriod, recurringPrice } from './items.js';
import { priceAmount } from './pricing.js';
import { cancelNow, hasEnded, updateSubscription } from './subscription-status.js';
import { updateSubscriptionFromApi } from './subscription-update.js';
import { createSubscription, getSubscription } from './subscriptions.js';
import { addInterval, idOf, mergeMetadata, must } from './util.js';

/** A phase as passed to `subscriptionSchedules.create/update`. */
export interface PhaseInput {
  items: Array<{ price: string; quantity?: number }>;
  start_date?: number | 'now';
  end_date?: number | 'now';
  iterations?: number;
  duration?: { interval: Stripe.Price.Recurring.Interval; interval_count?: number };
  proration_behavior?: Stripe.SubscriptionSchedule.Phase.ProrationBehavior;
  metadata?: Record<string, string>;
  /** The subscription's discounts while the phase runs (none when not given, as in Stripe). */
  discounts?: DiscountSpec[];
}

/** Parameters for {@link createSchedule}. */
interface ScheduleInput {
  from_subscription?: string;
  customer?: string;
  start_date?: number | 'now';
  phases?: PhaseInput[];
  end_behavior?: Stripe.SubscriptionSchedule.EndBehavior;
  metadata?: Record<string, string>;
}

const noneSettings: Stripe.SubscriptionSchedule.DefaultSettings = {
  application_fee_percent: null,
  billing_cycle_anchor: 'automatic',
  billing_thresholds: null,
  collection_method: 'charge_automatically',
  default_payment_method: null,
  description: null,
  invoice_settings: {
    account_tax_ids: null,
    custom_fields: null,
    days_until_due: null,
    description: null,
    footer: null,
    issuer: { type: 'self' },
  },
  on_behalf_of: null,
  transfer_data: null,
};

function phaseItem(
  price: Stripe.Price,
  quantity: number | undefined,
): Stripe.SubscriptionSchedule.Phase.Item {
  return {
    billing_thresholds: null,
    discounts: [],
    metadata: {},
    plan: price.id,
    price: price.id,
    ...(price.recurring?.usage_type === 'metered' ? {} : { quantity: quantity ?? 1 }),
    tax_rates: [],
  };
}

function buildPhase(
  engine: Engine,
  input: PhaseInput,
  index: number,
  start: number,
  nextStart: number | undefined,
  customer: string | null,
): Stripe.SubscriptionSchedule.Phase {
  if (!input.items?.length) throw missingParam(`phases[${index}][items]`);
  const prices = input.items.map((item, j) =>
    recurringPrice(engine, item.price, `phases[${index}][items][${j}][price]`),
  );
  const r = prices[0]!.recurring!;
  let end: number;
  if (input.end_date !== undefined)
    end = input.end_date === 'now' ? engine.clock.now() : input.end_date;
  else if (input.iterations)
    end = addInterval(start, r.interval, r.interval_count * input.iterations);
  else if (input.duration)
    end = addInterval(start, input.duration.interval, input.duration.interval_count ?? 1);
  else if (nextStart !== undefined) end = nextStart;
  else end = addInterval(start, r.interval, r.interval_count);
  if (end <= start)
    throw invalidRequest(`Phase ${index} must end after it starts.`, `phases[${index}][end_date]`);
  if (input.discounts?.length && customer)
    checkDiscounts(engine, input.discounts, {
      customer,
      currency: prices[0]!.currency,
      amount: prices.reduce(
        (sum, p, j) => sum + priceAmount(engine, p, input.items[j]!.quantity ?? 1),
        0,
      ),
      param: `phases[${index}][discounts]`,
    });
  return {
    add_invoice_items: [],
    application_fee_percent: null,
    billing_cycle_anchor: null,
    billing_thresholds: null,
    collection_method: null,
    currency: prices[0]!.currency,
    default_payment_method: null,
    default_tax_rates: [],
    description: null,
    discounts: (input.discounts ?? []).map((d) => ({
      coupon: d.coupon ?? null,
      discount: d.discount ?? null,
      promotion_code: d.promotion_code ?? null,
    })),
    end_date: end,
    invoice_settings: null,
    items: prices.map((p, j) => phaseItem(p, input.items[j]!.quantity)),
    metadata: mergeMetadata({}, input.metadata),
    on_behalf_of: null,
    proration_behavior: input.proration_behavior ?? 'create_prorations',
    start_date: start,
    transfer_data: null,
    trial_end: null,
  };
}

function buildPhases(
  engine: Engine,
  inputs: PhaseInput[],
  firstStart: number,
  customer: string,
): Stripe.SubscriptionSchedule.Phase[] {
  const phases: Stripe.SubscriptionSchedule.Phase[] = [];
  let start = firstStart;
  inputs.forEach((input, i) => {
    const next = inputs[i + 1]?.start_date;
    const phase = buildPhase(
      engine,
      input,
      i,
      start,
      typeof next === 'number' ? next : undefined,
      customer,
    );
    phases.push(phase);
    start = phase.end_date;
  });
  return phases;
}

/**
 * Creates a schedule. `from_subscription` takes over an existing subscription (no other
 * params allowed, like Stripe); otherwise `customer` + `phases` with `start_date: 'now'`
 * starts a new subscription. Emits `subscription_schedule.created`.
 */
export function createSchedule(engine: Engine, input: ScheduleInput): Stripe.SubscriptionSchedule {
  const now = engine.clock.now();
  let sub: Stripe.Subscription;
  let phases: Stripe.SubscriptionSchedule.Phase[];
  if (input.from_subscription) {
    if (input.phases || input.customer || input.start_date || input.end_behavior) {
      throw invalidRequest(
        'You cannot set `phases`, `customer`, `start_date` or `end_behavior` when `from_subscription` is set.',
        'from_subscription',
      );
    }
    sub = getSubscription(engine, input.from_subscription, 'from_subscription');
    if (sub.schedule)
      throw invalidRequest(
        `The subscription \`${sub.id}\` is already attached to a schedule.`,
        'from_subscription',
      );
    if (hasEnded(sub))
      throw invalidRequest(
        'You cannot create a schedule from a canceled subscription.',
        'from_subscription',
      );
    const period = currentPeriod(sub);
    phases = [
      buildPhase(
        engine,
        {
          items: sub.items.data.map((i) => ({ price: i.price.id, quantity: i.quantity })),
          end_date: period.end,
          discounts: sub.discounts.map((d) => ({ discount: idOf(d as string)! })),
        },
        0,
        period.start,
        undefined,
        null,
      ),
    ];
  } else {
    if (!input.customer) throw missingParam('customer');
    if (!input.phases?.length) throw missingParam('phases');
    if (input.start_date !== undefined && input.start_date !== 'now' && input.start_date > now) {
      throw invalidRequest(
        'The emulator starts schedules immediately: pass start_date=now (or omit it).',
        'start_date',
      );
    }
    const first = input.phases[0]!;
    sub = createSubscription(engine, {
      customer: input.customer,
      items: first.items,
      ...(first.discounts ? { discounts: first.discounts } : {}),
    });
    phases = buildPhases(engine, input.phases, currentPeriod(sub).start, input.customer);
  }
  const first = phases[0]!;
  const schedule = {
    id: newId('sub_sched'),
    object: 'subscription_schedule',
    application: null,
    billing_mode: { flexible: null, type: 'flexible' },
    canceled_at: null,
    completed_at: null,
    created: now,
    current_phase: { start_date: first.start_date, end_date: first.end_date },
    customer: idOf(sub.customer)!,
    customer_account: null,
    default_settings: noneSettings,
    end_behavior: input.end_behavior ?? 'release',
    livemode: false,
    metadata: mergeMetadata({}, input.metadata),
    pause_schedules: [],
    phases,
    released_at: null,
    released_subscription: null,
    status: 'active',
    subscription: sub.id,
    test_clock: null,
  } satisfies Stripe.SubscriptionSchedule;
  engine.state.subscriptionSchedules[schedule.id] = schedule;
  sub.schedule = schedule.id;
  emit(engine, 'subscription_schedule.created', schedule);
  return schedule;
}

/** The schedule with `id`, or a 404. */
export function getSchedule(engine: Engine, id: string): Stripe.SubscriptionSchedule {
  return must(engine.state.subscriptionSchedules, id, 'subscription_schedule');
}

/** Replaces phases / end_behavior / metadata; emits `subscription_schedule.updated`. */
export function updateSchedule(
  engine: Engine,
  id: string,
  input: Pick<ScheduleInput, 'phases' | 'end_behavior' | 'metadata'> & {
    proration_behavior?: ProrationBehavior;
  },
): Stripe.SubscriptionSchedule {
  const schedule = getSchedule(engine, id);
  if (schedule.status !== 'active' && schedule.status !== 'not_started') {
    throw invalidRequest(
      `You cannot update a subscription schedule that is ${schedule.status}.`,
      'id',
    );
  }
  const previous = track(schedule, (s) => {
    if (input.phases) {
      const current = s.current_phase!;
      const first = input.phases[0]!;
      if (
        first.start_date !== undefined &&
        first.start_date !== 'now' &&
        first.start_date !== current.start_date
      ) {
        throw invalidRequest(
          'You can not modify the start date of the current phase.',
          'phases[0][start_date]',
        );
      }
      s.phases = buildPhases(engine, input.phases, current.start_date, idOf(s.customer)!);
      s.current_phase = { start_date: s.phases[0]!.start_date, end_date: s.phases[0]!.end_date };
    }
    if (input.end_behavior) s.end_behavior = input.end_behavior;
    if (input.metadata !== undefined) s.metadata = mergeMetadata(s.metadata ?? {}, input.metadata);
  });
  emit(engine, 'subscription_schedule.updated', schedule, previous);
  if (input.phases) applyCurrentPhase(engine, schedule, input.phases[0]!, input.proration_behavior);
  return schedule;
}

/**
 * When an update changes the current phase's items, Stripe changes the subscription at once,
 * prorating per the update's `proration_behavior` (else the phase's, else `create_prorations`).
 */
function applyCurrentPhase(
  engine: Engine,
  schedule: Stripe.SubscriptionSchedule,
  phase: PhaseInput,
  behavior: ProrationBehavior | undefined,
): void {
  const subId = idOf(schedule.subscription as string | null);
  const sub = subId ? engine.state.subscriptions[subId] : undefined;
  if (!sub) return;
  const current = sub.items.data;
  const same =
    current.length === phase.items.length &&
    phase.items.every(
      (item, j) =>
        current[j]!.price.id === item.price && (current[j]!.quantity ?? 1) === (item.quantity ?? 1),
    );
  const kept = sub.discounts.map((d) => idOf(d as string));
  const discounts =
    phase.discounts &&
    !(
      phase.discounts.length === kept.length &&
      phase.discounts.every((d, j) => d.discount === kept[j])
    )
      ? phase.discounts
      : undefined;
  if (same && !discounts) return;
  updateSubscriptionFromApi(engine, sub.id, {
    ...(discounts ? { discounts } : {}),
    ...(same ? {} : { items: itemsFor(phase, current) }),
    proration_behavior:
      behavior ??
      (phase.proration_behavior as ProrationBehavior | undefined) ??
      'create_prorations',
  });
}

/** The `items` of an update that turns the subscription's items into the phase's. */
function itemsFor(phase: PhaseInput, current: Stripe.SubscriptionItem[]) {
  return [
    ...phase.items.map((item, j) => ({
      ...(current[j] ? { id: current[j]!.id } : {}),
      price: item.price,
      // A metered phase item has no quantity; the update keeps it without one.
      ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
    })),
    ...current.slice(phase.items.length).map((i) => ({ id: i.id, deleted: true })),
  ];
}

/** Releases the subscription from the schedule (pending phases are dropped). */
export function releaseSchedule(engine: Engine, id: string): Stripe.SubscriptionSchedule {
  const schedule = getSchedule(engine, id);
  if (schedule.status !== 'active' && schedule.status !== 'not_started') {
    throw invalidRequest(
      `You cannot release a subscription schedule that is currently in the \`${schedule.status}\` status. It must be in \`not_started\` or \`active\`.`,
      'id',
    );
  }
  const subId = idOf(schedule.subscription as string | null);
  const previous = track(schedule, (s) => {
    s.status = 'released';
    s.released_at = engine.clock.now();
    s.released_subscription = subId;
    s.subscription = null;
    s.current_phase = null;
  });
  const sub = subId ? engine.state.subscriptions[subId] : undefined;
  if (sub) {
    updateSubscription(engine, sub, (s) => {
      s.schedule = null;
    });
  }
  emit(engine, 'subscription_schedule.released', schedule, previous);
  return schedule;
}

/** Cancels the schedule and its subscription now. */
export function cancelSchedule(engine: Engine, id: string): Stripe.SubscriptionSchedule {
  const schedule = getSchedule(engine, id);
  if (schedule.status !== 'active' && schedule.status !== 'not_started') {
    throw invalidRequest(
      `You cannot cancel a subscription schedule that is ${schedule.status}.`,
      'id',
    );
  }
  const sub = engine.state.subscriptions[idOf(schedule.subscription as string | null) ?? ''];
  if (sub && !hasEnded(sub)) cancelNow(engine, sub, 'cancellation_requested');
  else {
    const previous = track(schedule, (s) => {
      s.status = 'canceled';
      s.canceled_at = engine.clock.now();
      s.current_phase = null;
    });
    emit(engine, 'subscription_schedule.canceled', schedule, previous);
  }
  return schedule;
}

/** When the schedule next changes phase (or ends), or `null`. */
export function nextScheduleChange(schedule: Stripe.SubscriptionSchedule): number | null {
  return schedule.status === 'active' && schedule.current_phase
    ? schedule.current_phase.end_date
    : null;
}

/** Moves a schedule into its next phase (changing the subscription's items) or ends it per `end_behavior`. */
export function advanceSchedule(engine: Engine, schedule: Stripe.SubscriptionSchedule): void {
  const current = schedule.current_phase!;
  const next = schedule.phases.find((p) => p.start_date === current.end_date);
  const sub = engine.state.subscriptions[idOf(schedule.subscription as string | null) ?? ''];
  if (!next || !sub) {
    if (schedule.end_behavior === 'cancel' && sub) {
      cancelNow(engine, sub, 'cancellation_requested');
      const previous = track(schedule, (s) => {
        s.status = 'completed';
        s.completed_at = engine.clock.now();
      });
      emit(engine, 'subscription_schedule.completed', schedule, previous);
      return;
    }
    releaseSchedule(engine, schedule.id);
    return;
  }
  const previous = track(schedule, (s) => {
    s.current_phase = { start_date: next.start_date, end_date: next.end_date };
  });
  const discounts = phaseDiscounts(engine, next, sub);
  updateSubscription(engine, sub, (s) => {
    const period = currentPeriod(s);
    s.discounts = discounts.map((d) => d.id);
    s.items = {
      ...s.items,
      data: next.items.map((item) => {
        const price = engine.state.prices[item.price as string]!;
        const same = s.items.data.find((i) => i.price.id === price.id);
        return same
          ? { ...same, quantity: item.quantity ?? same.quantity }
          : buildItem(engine, s.id, price, item.quantity ?? 1, period);
      }),
    };
  });
  emit(engine, 'subscription_schedule.updated', schedule, previous);
}

/**
 * The discounts a phase gives its subscription when it starts: its `{discount}` entries kept,
 * its coupons and promotion codes redeemed now (one that can no longer be redeemed is skipped).
 */
function phaseDiscounts(
  engine: Engine,
  phase: Stripe.SubscriptionSchedule.Phase,
  sub: Stripe.Subscription,
): Stripe.Discount[] {
  const customer = idOf(sub.customer);
  return phase.discounts.flatMap((d) => {
    const spec: DiscountSpec = {
      ...(d.coupon ? { coupon: idOf(d.coupon as string)! } : {}),
      ...(d.discount ? { discount: idOf(d.discount as string)! } : {}),
      ...(d.promotion_code ? { promotion_code: idOf(d.promotion_code as string)! } : {}),
    };
    try {
      const resolved = checkDiscounts(engine, [spec], {
        customer,
        currency: sub.currency,
        amount: Number.MAX_SAFE_INTEGER,
        param: 'phases',
      });
      return redeemDiscounts(engine, resolved, customer, { subscription: sub.id });
    } catch {
      return [];
    }
  });
}
