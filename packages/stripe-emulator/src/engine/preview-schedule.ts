import type Stripe from 'stripe';
import { invalidRequest, missingParam } from '../errors.js';
import { valuesOf } from '../state.js';
import type { ProrationBehavior } from './change-plan.js';
import type { Engine } from './context.js';
import { getCustomer } from './customers.js';
import { type PreviewInput, previewNewSubscription, taxOf } from './preview.js';
import { inSandbox } from './sandbox.js';
import { runDue } from './scheduler.js';
import { getSchedule, type PhaseInput, updateSchedule } from './schedules.js';
import { automaticTaxOf } from './subscriptions.js';
import { testClockOf } from './test-clocks.js';
import { idOf } from './util.js';

/** `schedule_details` of `invoices.createPreview`. */
export interface ScheduleDetails {
  phases?: PhaseInput[];
  proration_behavior?: ProrationBehavior;
  end_behavior?: 'cancel' | 'release';
}

const none = (why: string) =>
  invalidRequest(`No upcoming invoices for customer: ${why}`, undefined, 'invoice_upcoming_none');

/** An invoice from the sandbox as a preview: an `upcoming_` id, lines on no invoice. */
function asPreview(invoice: Stripe.Invoice): Stripe.Invoice {
  return {
    ...invoice,
    id: `upcoming_${invoice.id}`,
    lines: { ...invoice.lines, data: invoice.lines.data.map((l) => ({ ...l, invoice: null })) },
  };
}

/**
 * `createPreview` with `schedule` and/or `schedule_details`, as Stripe documents it: the
 * subscription's next invoice once the schedule (changed as asked) runs. The change and the
 * renewal are made for real on a sandbox copy — `subscriptionSchedules.update` (prorating a
 * change to the current phase per `proration_behavior`), then time up to the end of the period
 * (a phase that starts then changes the items, discounts and price first) — so the preview is
 * exactly what the schedule will bill. Without `schedule`, `schedule_details` previews a new
 * schedule's first invoice for `customer`.
 */
export function previewSchedule(engine: Engine, input: PreviewInput): Stripe.Invoice {
  if (input.discounts !== undefined)
    throw invalidRequest(
      "discounts cannot be combined with a schedule in the emulator: give each phase's discounts in schedule_details[phases][][discounts].",
      'discounts',
    );
  const details = input.schedule_details;
  if (!input.schedule) {
    const first = details?.phases?.[0];
    if (!first) throw missingParam('schedule_details[phases]');
    return previewNewSubscription(engine, {
      ...input,
      subscription_details: { items: first.items },
      ...(first.discounts ? { discounts: first.discounts } : {}),
    });
  }
  const schedule = getSchedule(engine, input.schedule);
  if (input.customer && input.customer !== schedule.customer)
    throw invalidRequest('The schedule does not belong to this customer.', 'customer');
  if (schedule.status !== 'active' && schedule.status !== 'not_started')
    throw none(`the schedule is ${schedule.status}.`);
  const subId = idOf(schedule.subscription as string | null)!;
  const tax = taxOf(input, getCustomer(engine, schedule.customer as string), engine);
  return inSandbox(engine, schedule.customer as string, (sandbox) => {
    const known = new Set(Object.keys(sandbox.state.invoices));
    const sub = sandbox.state.subscriptions[subId]!;
    if (tax.automaticTax !== undefined) sub.automatic_tax = automaticTaxOf(tax.automaticTax);
    if (details?.phases || details?.end_behavior)
      updateSchedule(sandbox, schedule.id, {
        ...(details.phases ? { phases: details.phases } : {}),
        ...(details.end_behavior ? { end_behavior: details.end_behavior } : {}),
        ...(details.proration_behavior ? { proration_behavior: details.proration_behavior } : {}),
      });
    const fresh = () =>
      valuesOf(sandbox.state.invoices).find(
        (i) => !known.has(i.id) && idOf(i.parent?.subscription_details?.subscription) === subId,
      );
    let invoice = fresh();
    if (!invoice) {
      const end = sub.items.data[0]!.current_period_end;
      runDue(sandbox, end, testClockOf(sandbox, sub.customer));
      invoice = fresh();
    }
    if (!invoice) throw none('the subscription ends at the end of its period.');
    return asPreview(invoice);
  });
}
