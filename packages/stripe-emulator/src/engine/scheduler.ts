import type Stripe from 'stripe';
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

type Untagged = Omit<Task, 'clock'>;

const INCOMPLETE_WINDOW = 23 * 3600;

function dueTasks(engine: Engine): Task[] {
  const { state } = engine;
  const tasks: Task[] = [];
  const owned = (customer: unknown) => {
    const clock = testClockOf(engine, customer);
    return (task: Untagged) => tasks.push({ ...task, clock });
  };
  for (const schedule of Object.values(state.subscriptionSchedules)) {
    const at = nextScheduleChange(schedule);
    if (at !== null)
      owned(schedule.customer)({ at, rank: 0, run: () => advanceSchedule(engine, schedule) });
  }
  for (const sub of Object.values(state.subscriptions)) {
    const push = owned(sub.customer);
    const status = sub.status;
    if (status === 'canceled' || status === 'incomplete_expired' || status === 'paused') continue;
    if (status === 'incomplete') {
      push({
        at: sub.created + INCOMPLETE_WINDOW,
        rank: 5,
        run: () => {
          updateSubscription(engine, sub, (s) => {
            s.status = 'incomplete_expired';
            s.ended_at = engine.clock.now();
          });
          const invoice = sub.latest_invoice
            ? state.invoices[sub.latest_invoice as string]
            : undefined;
          if (invoice?.status === 'open') voidInvoice(engine, invoice);
        },
      });
      continue;
    }
    if (
      status === 'trialing' &&
      sub.trial_end &&
      state.internal.trialWillEndSent[sub.id] !== sub.trial_end
    ) {
      push({
        at: sub.trial_end - TRIAL_WARNING,
        rank: 1,
        run: () => sendTrialWillEnd(engine, sub),
      });
    }
    const resumesAt = sub.pause_collection?.resumes_at;
    if (resumesAt) push({ at: resumesAt, rank: 1, run: () => resumeCollection(engine, sub) });
    const end = sub.items.data[0]?.current_period_end;
    if (end !== undefined) push({ at: end, rank: 2, run: () => renewSubscription(engine, sub) });
    if (sub.cancel_at !== null && (end === undefined || sub.cancel_at < end)) {
      push({ at: sub.cancel_at, rank: 2, run: () => renewSubscription(engine, sub) });
    }
    if (sub.pending_update) {
      push({
        at: sub.pending_update.expires_at,
        rank: 4,
        run: () => expirePendingUpdate(engine, sub),
      });
    }
  }
  for (const invoice of Object.values(state.invoices)) {
    const push = owned(invoice.customer);
    if (invoice.status === 'draft' && invoice.automatically_finalizes_at) {
      push({
        at: invoice.automatically_finalizes_at,
        rank: 3,
        run: () => {
          finalizeInvoice(engine, invoice);
          if (invoice.status === 'open' && invoice.collection_method === 'charge_automatically')
            attemptInvoicePayment(engine, invoice, { automatic: true });
        },
      });
    } else if (
      invoice.status === 'open' &&
      invoice.collection_method === 'send_invoice' &&
      invoice.due_date &&
      subscriptionOf(engine, invoice)?.status === 'active'
    ) {
      push({ at: invoice.due_date, rank: 3, run: () => markOverdue(engine, invoice) });
    } else if (invoice.status === 'open' && invoice.next_payment_attempt) {
      push({
        at: invoice.next_payment_attempt,
        rank: 3,
        run: () => attemptInvoicePayment(engine, invoice, { automatic: true }),
      });
    }
  }
  for (const session of Object.values(state.checkoutSessions)) {
    if (session.status === 'open') {
      owned(session.customer)({
        at: session.expires_at,
        rank: 6,
        run: () => expireCheckoutSession(engine, session.id),
      });
    }
  }
  return tasks;
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
      let next: Task | undefined;
      for (const task of dueTasks(engine)) {
        if (task.at > until || task.clock !== clock) continue;
        if (!next || task.at < next.at || (task.at === next.at && task.rank < next.rank))
          next = task;
      }
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
