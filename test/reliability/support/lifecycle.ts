import { post } from '../../app';
import type { Stack } from './stack';

type Interval = 'month' | 'year';

/** What one simulated customer does: a plan, a card, and a change after subscribing. */
export interface Journey {
  user: string;
  plan: 'pro' | 'business';
  interval: Interval;
  card: string;
  action: 'upgrade' | 'downgrade' | 'cancel' | 'cancel_resume' | 'none';
}

const PLANS: [Journey['plan'], Interval][] = [
  ['pro', 'month'],
  ['business', 'month'],
  ['pro', 'year'],
  ['business', 'year'],
];
const ACTIONS: Journey['action'][] = ['upgrade', 'downgrade', 'cancel', 'cancel_resume', 'none'];

/**
 * A deterministic mix of journeys: trials (Pro), paid starts (Business), monthly and yearly,
 * cards that keep paying, fail every renewal, or need 3-D Secure on every charge.
 */
export function journeys(count: number, prefix: string): Journey[] {
  return Array.from({ length: count }, (_, i) => {
    const [plan, interval] = PLANS[i % PLANS.length]!;
    // the failing card only on trials: it declines the first charge of a paid start too
    const card =
      plan === 'pro' && i % 3 === 2
        ? 'pm_card_chargeCustomerFail'
        : i % 7 === 3
          ? 'pm_card_authenticationRequired'
          : 'pm_card_visa';
    return { user: `${prefix}${i}`, plan, interval, card, action: ACTIONS[i % ACTIONS.length]! };
  });
}

/** The request a journey's change makes, or null when the plan has nowhere to go. */
function changeBody(j: Journey): { plan: string; interval: Interval } | null {
  if (j.action === 'upgrade') {
    if (j.plan === 'pro') return { plan: 'business', interval: j.interval };
    return j.interval === 'month' ? { plan: 'business', interval: 'year' } : null;
  }
  if (j.action === 'downgrade') {
    if (j.plan === 'business') return { plan: 'pro', interval: j.interval };
    return j.interval === 'year' ? { plan: 'pro', interval: 'month' } : null;
  }
  return null;
}

/**
 * Runs a journey's change through one of the instances' routes. Answers the HTTP statuses seen;
 * a declined upgrade (402) is an expected outcome for the failing cards.
 */
export async function act(stack: Stack, j: Journey, via: number): Promise<number[]> {
  const billing = stack.instances[via % stack.instances.length]!.billing;
  const statuses: number[] = [];
  const call = async (path: string, body: unknown) => {
    const res = await billing.handler(post(path, body, j.user));
    statuses.push(res.status);
    await res.arrayBuffer();
  };
  const change = changeBody(j);
  if (change) await call('/change', change);
  if (j.action === 'cancel' || j.action === 'cancel_resume') await call('/cancel', {});
  if (j.action === 'cancel_resume') await call('/resume', {});
  return statuses;
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function pool<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<void>,
) {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
}
