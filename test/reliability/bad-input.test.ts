import { errorBodySchema } from '@tollgate/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BadRequest,
  badNumbers,
  badWebhooks,
  malformedJson,
  oversized,
  redirects,
  toRequest,
  unauthorised,
  unknownPath,
  unknownPlan,
  wrongContentType,
  wrongMethod,
} from './support/bad-requests';
import { dumpStore, openDatabase, type ReliabilityDb } from './support/db';
import { printFigures, SOAK } from './support/figures';
import { signature, webhookRequest } from './support/sign';
import { type Stack, startStack } from './support/stack';

/**
 * Property-based bad input for every route: each request must answer 4xx with the standard error
 * body, never 5xx, and change nothing — no store row, no mutating call to Stripe.
 */
const RUNS = SOAK ? 300 : 30;
const USER = 'bad';

let db: ReliabilityDb;
let stack: Stack;
let freshEvents: string[] = [];
const figures = { tried: 0, fourxx: 0, fivexx: 0, badBody: 0, stripePosts: 0, storeChanged: 0 };
const kinds = new Map<string, number>();

beforeAll(async () => {
  db = await openDatabase('badinput');
  stack = await startStack({ db, seed: 5 });
  await stack.subscribe(USER, 'pro', 'month', 'pm_card_visa');
  await stack.emulator.idle();
  // real event bodies under ids never delivered: accepting one would add a ledger row
  freshEvents = stack.emulator.events
    .all()
    .slice(0, 6)
    .map((e, i) => JSON.stringify({ ...e, id: `evt_unseen_${i}` }, null, 2));
}, 120_000);

afterAll(async () => {
  printFigures(`bad input (${db?.kind}, ${SOAK ? 'soak' : 'default'} size)`, {
    'requests tried': figures.tried,
    'answered 4xx': figures.fourxx,
    'answered 5xx': figures.fivexx,
    'error body not the standard shape': figures.badBody,
    'mutating Stripe calls caused': figures.stripePosts,
    'properties that changed the store': figures.storeChanged,
    ...Object.fromEntries([...kinds].map(([k, n]) => [`  ${k}`, n])),
  });
  await stack?.close();
  await db?.close();
});

const posts = () => stack.emulator.requests.filter((r) => r.method === 'POST').length;

/** Sends one bad request; answers why it was wrong, or null when it was refused properly. */
async function check(bad: BadRequest): Promise<string | null> {
  figures.tried += 1;
  kinds.set(bad.kind, (kinds.get(bad.kind) ?? 0) + 1);
  const before = posts();
  const res = await stack.instances[0]!.billing.handler(toRequest(bad));
  const text = await res.text();
  const caused = posts() - before;
  figures.stripePosts += caused;
  if (res.status >= 500) figures.fivexx += 1;
  if (res.status >= 400 && res.status < 500) figures.fourxx += 1;
  let parsed = false;
  try {
    parsed = errorBodySchema.safeParse(JSON.parse(text)).success;
  } catch {
    parsed = false;
  }
  if (!parsed) figures.badBody += 1;
  if (res.status < 400 || res.status >= 500 || !parsed || caused > 0) {
    return `${bad.kind} ${bad.method} ${bad.path} ${JSON.stringify(bad.headers)} ${bad.body?.slice(0, 200)} → ${res.status} ${text.slice(0, 300)} (${caused} Stripe POSTs)`;
  }
  return null;
}

async function property(name: string, arb: fc.Arbitrary<BadRequest>) {
  const store = await dumpStore(db.pools[0], db.schema);
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(arb, async (bad) => {
      const problem = await check(bad);
      if (problem) failures.push(problem);
      return problem === null;
    }),
    { numRuns: RUNS, seed: 20261128, endOnFailure: true, timeout: 30_000 },
  );
  const changed = (await dumpStore(db.pools[0], db.schema)) !== store;
  if (changed) figures.storeChanged += 1;
  expect(failures, name).toEqual([]);
  expect(changed, `${name} changed the store`).toBe(false);
}

describe('bad input', () => {
  it('wrong methods → 405', () => property('wrong method', wrongMethod(USER)));
  it('paths that are no route → 404', () => property('unknown path', unknownPath(USER)));
  it('wrong content types → 415', () => property('content type', wrongContentType(USER)));
  it('malformed JSON and bodies of the wrong shape → 400', () =>
    property('malformed JSON', malformedJson(USER)));
  it('oversized bodies → 413', () => property('oversized', oversized(USER)));
  it('unknown plans and intervals → 400', () => property('unknown plan', unknownPlan(USER)));
  it('negative, fractional, huge and stale numbers → 400/409', () =>
    property(
      'numbers',
      badNumbers(USER, () => stack.emulator.clock.now()),
    ));
  it('redirects that leave the app → 400', () => property('redirects', redirects(USER)));
  it('signed-out and cross-site requests → 401/403', () =>
    property('unauthorised', unauthorised(USER)));
  it('forged, expired, future-dated, replayed and altered webhooks → 400/413', () =>
    property('webhooks', badWebhooks(stack.emulator.webhookSecret, freshEvents)));
  // regression: answered 500 (TypeError in the pipeline) and Stripe would retry it for days
  it('signed bodies that are JSON but not an event → 400', () =>
    property(
      'signed non-events',
      fc
        .constantFrom(
          '{}',
          '[]',
          'null',
          '1',
          '"evt"',
          '{"id":"evt_x"}',
          '{"id":"evt_y","type":"invoice.paid"}',
          '{"id":"evt_z","type":"invoice.paid","data":null}',
        )
        .map(
          (body): BadRequest => ({
            kind: 'webhook: signed, not an event',
            method: 'POST',
            path: '/webhook',
            headers: {
              'content-type': 'application/json',
              'stripe-signature': signature(body, stack.emulator.webhookSecret),
            },
            body,
          }),
        ),
    ));

  it('a verbatim replay of a processed event is acknowledged and changes nothing', async () => {
    const event = stack.emulator.events.ofType('checkout.session.completed').at(-1)!;
    const payload = JSON.stringify(event, null, 2);
    const store = await dumpStore(db.pools[0], db.schema);
    const before = posts();
    const res = await stack.instances[0]!.billing.handler(
      webhookRequest(payload, signature(payload, stack.emulator.webhookSecret)),
    );
    expect(res.status).toBe(200);
    expect(posts()).toBe(before);
    expect(await dumpStore(db.pools[0], db.schema)).toBe(store);
  });
});
