import { createStore } from '@tollgate/server/store/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_URL, BASE } from '../app';
import { openDatabase, type ReliabilityDb } from './support/db';
import { printFigures } from './support/figures';
import { type Stack, startStack } from './support/stack';

/**
 * Two signed-in users. Each tries every route with the other's customer, subscription, checkout
 * session, invoice, user id and email — in the body, the query string and headers. Every attempt
 * is refused or acts on the caller's own billing; no answer reveals the other's identifiers, and
 * the other's Stripe objects and stored rows are untouched.
 */
const ALICE = 'alice-7f3';
const BOB = 'bob-9q2';

interface Ids {
  user: string;
  email: string;
  customer: string;
  subscription: string;
  session: string;
  invoice: string;
}

let db: ReliabilityDb;
let stack: Stack;
const ids = new Map<string, Ids>();

async function idsOf(user: string): Promise<Ids> {
  const link = await createStore(db.pools[0], db.schema).customerForUser(user);
  const customer = link!.customerId!;
  const [subscription] = (await stack.stripe.subscriptions.list({ customer })).data;
  const sessions = Object.values(stack.emulator.state.checkoutSessions).filter(
    (s) => s.customer === customer,
  );
  return {
    user,
    email: `${user}@example.test`,
    customer,
    subscription: subscription!.id,
    session: sessions[0]!.id,
    invoice: String(subscription!.latest_invoice),
  };
}

beforeAll(async () => {
  db = await openDatabase('crossuser');
  stack = await startStack({ db, seed: 9 });
  await stack.subscribe(ALICE, 'pro', 'month', 'pm_card_visa');
  await stack.subscribe(BOB, 'business', 'month', 'pm_card_visa');
  await stack.emulator.idle();
  ids.set(ALICE, await idsOf(ALICE));
  ids.set(BOB, await idsOf(BOB));
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await db?.close();
});

/** The other user's identifiers as every parameter name a client might try. */
function foreign(v: Ids): Record<string, string> {
  return {
    customer: v.customer,
    customerId: v.customer,
    subscription: v.subscription,
    subscriptionId: v.subscription,
    session_id: v.session,
    sessionId: v.session,
    invoice: v.invoice,
    userId: v.user,
    user: v.user,
    email: v.email,
  };
}

interface Attempt {
  label: string;
  req: Request;
  /** Statuses that mean "refused" or "acted on the caller only". */
  allowed: number[];
}

function attempts(attacker: string, victim: Ids): Attempt[] {
  const query = `?${new URLSearchParams(foreign(victim))}`;
  const headers = {
    'x-test-user': attacker,
    origin: APP_URL,
    'content-type': 'application/json',
    'x-user-id': victim.user,
    'stripe-customer': victim.customer,
    'x-customer-id': victim.customer,
  };
  const list: Attempt[] = [
    {
      label: 'GET /status with ids in the query',
      req: new Request(`${BASE}/status${query}`, { headers }),
      allowed: [200],
    },
    {
      label: 'GET /plans with ids in the query',
      req: new Request(`${BASE}/plans${query}`, { headers }),
      allowed: [200],
    },
  ];
  const bodies: [string, Record<string, unknown>, number[]][] = [
    ['/checkout', { plan: 'business', interval: 'year' }, [409]],
    ['/portal', { flow: 'subscription_cancel' }, [200]],
    ['/preview', { plan: 'business', interval: 'year' }, [200]],
    ['/cancel', {}, [200]],
    ['/resume', {}, [200]],
    ['/change', { plan: 'business', interval: 'year' }, [200]],
  ];
  for (const [path, body, own] of bodies) {
    for (const [key, value] of Object.entries(foreign(victim))) {
      list.push({
        label: `POST ${path} with ${key} in the body`,
        req: new Request(`${BASE}${path}`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ ...body, [key]: value }),
        }),
        allowed: [400],
      });
    }
    list.push({
      label: `POST ${path} with ids in the query and headers`,
      req: new Request(`${BASE}${path}${query}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      }),
      allowed: own,
    });
  }
  return list;
}

/** What must not change for the victim: their Stripe subscription, invoices, sessions, rows. */
async function footprint(v: Ids): Promise<string> {
  const sub = await stack.stripe.subscriptions.retrieve(v.subscription);
  const invoices = await stack.stripe.invoices.list({ customer: v.customer, limit: 100 });
  const portal = Object.values(stack.emulator.state.portalSessions).filter(
    (s) => (s as { customer: string }).customer === v.customer,
  ).length;
  const checkout = Object.values(stack.emulator.state.checkoutSessions).filter(
    (s) => s.customer === v.customer,
  ).length;
  const row = await db.pools[0].query(
    `SELECT c.user_id, c.customer_id, c.has_had_trial, s.snapshot::text AS snapshot
     FROM "${db.schema}".tollgate_customers c
     LEFT JOIN "${db.schema}".tollgate_snapshots s ON s.customer_id = c.customer_id
     WHERE c.user_id = $1`,
    [v.user],
  );
  return JSON.stringify({
    status: sub.status,
    price: sub.items.data[0]?.price.id,
    cancel: sub.cancel_at_period_end,
    schedule: sub.schedule,
    invoices: invoices.data.map((i) => i.id),
    portal,
    checkout,
    row: row.rows,
  });
}

describe('cross-user access', () => {
  it("every route, tried with the other user's ids, is refused or acts on the caller only", async () => {
    let tried = 0;
    let refused = 0;
    const leaks: string[] = [];
    const wrong: string[] = [];
    for (const [attacker, victim] of [
      [ALICE, BOB],
      [BOB, ALICE],
    ] as const) {
      const v = ids.get(victim)!;
      const mine = ids.get(attacker)!;
      const before = await footprint(v);
      for (const attempt of attempts(attacker, v)) {
        tried += 1;
        const res = await stack.instances[0]!.billing.handler(attempt.req);
        const text = await res.text();
        const headers = JSON.stringify([...res.headers]);
        if (res.status === 400) refused += 1;
        if (!attempt.allowed.includes(res.status)) {
          wrong.push(`${attacker}: ${attempt.label} → ${res.status} ${text.slice(0, 200)}`);
        }
        for (const [name, value] of Object.entries(v)) {
          if (text.includes(value) || headers.includes(value)) {
            leaks.push(`${attacker}: ${attempt.label} revealed ${victim}'s ${name}`);
          }
        }
        if (attempt.label.startsWith('POST /portal') && res.status === 200) {
          const session = Object.values(stack.emulator.state.portalSessions).at(-1) as {
            customer: string;
          };
          if (session.customer !== mine.customer) {
            wrong.push(`${attacker}: portal session opened for ${session.customer}`);
          }
        }
      }
      await stack.emulator.idle();
      if ((await footprint(v)) !== before) {
        wrong.push(`${attacker}'s attempts changed ${victim}'s billing`);
      }
    }
    printFigures('cross-user access', {
      'attempts (both directions)': tried,
      'refused (400, strict bodies)': refused,
      'acted on the caller only': tried - refused - wrong.length,
      'wrong answers or victim changed': wrong.length,
      'answers revealing the other user': leaks.length,
    });
    expect(wrong).toEqual([]);
    expect(leaks).toEqual([]);
  });
});
