/**
 * Regressions for issue 14 #1 (replayable signatures) and #5 (thin events answered 500). Every
 * request here is decided before any Stripe call (price events touch no customer), so the Stripe
 * client points at a refused port.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, makeBilling, memoryLogger, unreachableStripe } from '../../../test/app';
import { pglite, type TestDb } from '../../../test/database';
import { createStore } from '../src/store/store';

const unreachable = unreachableStripe;
const SECRET = 'whsec_current_secret';
const PREVIOUS = 'whsec_previous_secret';
const HOUR = 3600;

let t: TestDb;
beforeAll(async () => {
  t = await pglite('signatures');
}, 60_000);
afterAll(async () => {
  await t.close();
});

const app = (webhookSecret: string | string[] = [SECRET, PREVIOUS]) =>
  makeBilling({
    stripe: unreachable,
    store: t.db,
    schema: t.schema,
    logger: memoryLogger(),
    webhookSecret,
  });

const event = (id: string) =>
  JSON.stringify({
    id,
    object: 'event',
    type: 'price.updated',
    created: 1,
    data: { object: { id: 'price_1', object: 'price' } },
  });
const v1 = (payload: string, secret: string, timestamp: number) =>
  createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
const now = () => Math.floor(Date.now() / 1000);
const deliver = (payload: string, header: string) =>
  app().handler(
    new Request(`${BASE}/webhook`, {
      method: 'POST',
      headers: { 'stripe-signature': header, 'content-type': 'application/json' },
      body: payload,
    }),
  );
async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, ...body.error };
}

describe('replayed webhook signatures (issue 14 #1)', () => {
  it.each([
    ['an hour old', -HOUR],
    ['a week old', -7 * 24 * HOUR],
    ['an hour in the future', HOUR],
  ])('refuses a captured signature %s behind a fresh duplicated t=', async (_name, offset) => {
    const payload = event(`evt_dup_t_${offset}`);
    const signedAt = now() + offset;
    const header = `t=${now()},t=${signedAt},v1=${v1(payload, SECRET, signedAt)}`;
    expect(await errorOf(await deliver(payload, header))).toMatchObject({
      status: 400,
      code: 'INVALID_SIGNATURE',
      message: expect.stringMatching(/more than one timestamp/),
    });
    expect(await createStore(t.db, t.schema).event(`evt_dup_t_${offset}`)).toBeNull();
  });

  it('refuses a duplicated t= even when both timestamps are fresh', async () => {
    const payload = event('evt_two_fresh');
    const header = `t=${now()},v1=${v1(payload, SECRET, now())},t=${now()}`;
    expect((await errorOf(await deliver(payload, header))).code).toBe('INVALID_SIGNATURE');
  });

  it.each([
    ['old', -10 * 60],
    ['future', 10 * 60],
  ])('refuses a correctly signed %s timestamp (400 SIGNATURE_EXPIRED)', async (_name, offset) => {
    const payload = event(`evt_skew_${offset}`);
    const signedAt = now() + offset;
    const res = await deliver(payload, `t=${signedAt},v1=${v1(payload, SECRET, signedAt)}`);
    expect(await errorOf(res)).toMatchObject({ status: 400, code: 'SIGNATURE_EXPIRED' });
  });

  it('refuses a timestamp that is not plain digits', async () => {
    const payload = event('evt_ts_junk');
    const header = `t=${now()}x,v1=${v1(payload, SECRET, now())}`;
    expect((await errorOf(await deliver(payload, header))).code).toBe('INVALID_SIGNATURE');
  });

  it('accepts a rotated secret: two v1 in one header, the matching one second', async () => {
    const payload = event('evt_two_v1');
    const at = now();
    const header = `t=${at},v1=${v1(payload, 'whsec_retired', at)},v1=${v1(payload, PREVIOUS, at)}`;
    expect((await deliver(payload, header)).status).toBe(200);
  });

  it('accepts a rotated secret: each of two configured secrets alone', async () => {
    for (const secret of [SECRET, PREVIOUS]) {
      const payload = event(`evt_secret_${secret}`);
      const at = now();
      expect((await deliver(payload, `t=${at},v1=${v1(payload, secret, at)}`)).status).toBe(200);
    }
  });
});

describe('thin events (issue 14 #5)', () => {
  it('answers a signed thin (v2) event notification with 400, not 500', async () => {
    const payload = JSON.stringify({
      id: 'evt_thin_1',
      object: 'v2.core.event',
      type: 'v1.customer.subscription.updated',
      created: '2026-03-01T00:00:00.000Z',
      livemode: false,
      related_object: { id: 'sub_1', type: 'subscription', url: '/v1/subscriptions/sub_1' },
    });
    const at = now();
    const res = await deliver(payload, `t=${at},v1=${v1(payload, SECRET, at)}`);
    expect(await errorOf(res)).toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/thin \(v2\) event/),
    });
  });
});
