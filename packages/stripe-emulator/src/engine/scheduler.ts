import type Stripe from 'stripe';
import { valuesOf } from '../state.js';
import { expireCheckoutSession } from './checkout.js';
import type { Engine } from './context.js';
import { attemptInvoicePayment, finalizeInvoice, voidInvoice } from './invoices.js';
import { renewSubscription, resumeCollection } from './renewal.js';
import { advanceSchedule, nextScheduleChange } from './schedules.js';
import { expirePendingUpdate, subscriptionOf, updateSubscription } from './subscription-status.js';
import { sendTrialWillEnd, TRIAL_WARNING } from './subscriptions.js';
import { testClockOf } from './test-clocks.js';

/** A piece of work that falls due at `at`. */
interface Task {
  at: number;
  /** Lower runs first among tasks due at the same second. */
  rank: number;
  run: () => void;
  /** The test clock whose time this work runs on, or `null` for the emulator clock. */
  clock: string | null;
}

const INCOMPLETE_WINDOW = 23 * 3600;

/**
 * The task that runs next on `clock`: the earliest due by `until`, the lowest rank among those
 * due at the same second, the first found among equals. It runs on every API request over every
 * subscription, invoice, schedule and session, so work that is not next costs a comparison — no
 * task, closure or test clock lookup (building them all made each request slower as the
 * emulator held more objects).
 */
function nextDue(engine: Engine, until: number, clock: string | null): Task | undefined {
  const { state } = engine;
  let next: Task | undefined;
  /** Whether work at `at` with `rank` would run before the task found so far. */
  const sooner = (at: number, rank: number) =>
    at <= until && (!next || at < next.at || (at === next.at && rank < next.rank));
  /** Takes the work as the next task if it runs on `clock`. */
  const take = (customer: unknown, at: number, rank: number, run: () => void) => {
    if (testClockOf(engine, customer) === clock) next = { at, rank, run, clock };
  };
  for (const schedule of valuesOf(state.subscriptionSchedules)) {
    const at = nextScheduleChange(schedule);
    if (at !== null && sooner(at, 0))
      take(schedule.customer, at, 0, () => advanceSchedule(engine, schedule));
  }
  for (const sub of valuesOf(state.subscriptions)) {
    const status = sub.status;
    if (status === 'canceled' || status === 'incomplete_expired' || status === 'paused') continue;
    if (status === 'incomplete') {
      const at = sub.created + INCOMPLETE_WINDOW;
      if (sooner(at, 5)) {
        take(sub.customer, at, 5, () => {
          updateSubscription(engine, sub, (s) => {
            s.status = 'incomplete_expired';
            s.ended_at = engine.clock.now();
          });
          const invoice = sub.latest_invoice
            ? state.invoices[sub.latest_invoice as string]
            : undefined;
          if (invoice?.status === 'open') voidInvoice(engine, invoice);
        });
      }
      continue;
    }
    if (
      status === 'trialing' &&
      sub.trial_end &&
      state.internal.trialWillEndSent[sub.id] !== sub.trial_end &&
      sooner(sub.trial_end - TRIAL_WARNING, 1)
    ) {
      take(sub.customer, sub.trial_end - TRIAL_WARNING, 1, () => sendTrialWillEnd(engine, sub));
    }
    const resumesAt = sub.pause_collection?.resumes_at;
    if (resumesAt && sooner(resumesAt, 1))
      take(sub.customer, resumesAt, 1, () => resumeCollection(engine, sub));
    const end = sub.items.data[0]?.current_period_end;
    if (end !== undefined && sooner(end, 2))
      take(sub.customer, end, 2, () => renewSubscription(engine, sub));
    if (sub.cancel_at !== null && (end === undefined || sub.cancel_at < end)) {
      if (sooner(sub.cancel_at, 2))
        take(sub.customer, sub.cancel_at, 2, () => renewSubscription(engine, sub));
    }
    if (sub.pending_update && sooner(sub.pending_update.expires_at, 4)) {
      take(sub.customer, sub.pending_update.expires_at, 4, () => expirePendingUpdate(engine, sub));
    }
  }
  for (const invoice of valuesOf(state.invoices)) {
    if (invoice.status === 'draft' && invoice.automatically_finalizes_at) {
      if (sooner(invoice.automatically_finalizes_at, 3)) {
        take(invoice.customer, invoice.automatically_finalizes_at, 3, () => {
          finalizeInvoice(engine, invoice);
          if (invoice.status === 'open' && invoice.collection_method === 'charge_automatically')
            attemptInvoicePayment(engine, invoice, { automatic: true });
        });
      }
    } else if (
      invoice.status === 'open' &&
      invoice.collection_method === 'send_invoice' &&
      invoice.due_date &&
      subscriptionOf(engine, invoice)?.status === 'active'
    ) {
      if (sooner(invoice.due_date, 3))
        take(invoice.customer, invoice.due_date, 3, () => markOverdue(engine, invoice));
    } else if (invoice.status === 'open' && invoice.next_payment_attempt) {
      if (sooner(invoice.next_payment_attempt, 3)) {
        take(invoice.customer, invoice.next_payment_attempt, 3, () =>
          attemptInvoicePayment(engine, invoice, { automatic: true }),
        );
      }
    }
  }
  for (const session of valuesOf(state.checkoutSessions)) {
    if (session.status === 'open' && sooner(session.expires_at, 6))
      take(session.customer, session.expires_at, 6, () =>
        expireCheckoutSession(engine, session.id),
      );
  }
  return next;
}

/** A sent invoice still open at its due date puts its subscription `past_due`, as Stripe does. */
function markOverdue(engine: Engine, invoice: Stripe.Invoice): void {
  const sub = subscriptionOf(engine, invoice);
  if (sub?.status !== 'active') return;
  updateSubscription(engine, sub, (s) => {
    s.status = 'past_due';
  });
}

/**
 * Runs everything due up to `until` on one clock — the emulator clock (`null`) or a test
 * clock, whose objects the emulator clock never moves — earliest first, with the time set to
 * each task's so that the objects and events it produces carry that time.
 */
export function runDue(engine: Engine, until: number, clock: string | null = null): void {
  const previousRequest = engine.request;
  engine.request = null;
  try {
    for (let guard = 0; guard < 100_000; guard++) {
      const next = nextDue(engine, until, clock);
      if (!next) return;
      if (clock === null) {
        engine.clock.set(next.at);
        next.run();
      } else {
        engine.clock.within(next.at, next.run);
      }
    }
    throw new Error(
      'The emulator clock found more than 100,000 tasks due in one advance; advance in smaller steps.',
    );
  } finally {
    engine.request = previousRequest;
  }
}
