import { randomBytes } from 'node:crypto';
import { redactingLogger } from '@tollgate/server/logger';
import { createStripeClient } from '@tollgate/stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, makeBilling, memoryLogger, post } from '../app';
import { openDatabase, type ReliabilityDb } from './support/db';
import { printFigures } from './support/figures';
import { signature, webhookRequest } from './support/sign';
import { DAY, type Stack, startStack } from './support/stack';

/**
 * No response body, header or log line may contain the Stripe secret key or the webhook signing
 * secret — not whole, and not the random part left over by a partial redaction. Traffic covers
 * every route, webhooks, bad signatures, Stripe failures, a rejected live key, a notifier hook
 * whose error message carries both secrets, and config errors.
 */
const alnum = (n: number) =>
  [...randomBytes(n)]
    .map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62])
    .join('');
const SECRET_KEY = `sk_test_51${alnum(40)}`;
const WEBHOOK_SECRET = `whsec_${alnum(32)}`;
const LIVE_KEY = `sk_live_51${alnum(40)}`;

let db: ReliabilityDb;
let stack: Stack;
const answers: string[] = [];
const logger = memoryLogger();

async function record(res: Response): Promise<void> {
  answers.push(`${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
}

beforeAll(async () => {
  db = await openDatabase('secrets');
  stack = await startStack({
    db,
    seed: 11,
    emulator: { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET },
    onResponse: record,
    configure: () => ({
      logger,
      notify: {
        payment_succeeded() {
          throw new Error(`hook failed with ${SECRET_KEY} and ${WEBHOOK_SECRET} in its message`);
        },
      },
    }),
  });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await db?.close();
});

/** The secrets and the random parts of them, which a partial redaction could leave behind. */
function fragments(secret: string): string[] {
  const random = secret.replace(/^(sk_test_emulator_|sk_test_|sk_live_|whsec_)/, '');
  return [secret, random, random.slice(0, 16), random.slice(-16)];
}

function leaks(haystack: string[], secrets: string[]): string[] {
  const found: string[] = [];
  for (const text of haystack) {
    for (const secret of secrets) {
      for (const piece of fragments(secret)) {
        if (text.includes(piece)) found.push(`${piece.slice(0, 10)}… in: ${text.slice(0, 160)}`);
      }
    }
  }
  return found;
}

describe('secrets', () => {
  it('never appear in answers, headers or logs', async () => {
    const billing = stack.instances[0]!.billing;
    const call = async (req: Request) => record(await billing.handler(req));

    // every route, on the happy path and off it
    await stack.subscribe('s1', 'pro', 'month', 'pm_card_visa');
    await stack.emulator.idle();
    await call(get('/plans', 's1'));
    await call(get('/status', 's1'));
    await call(
      post('/checkout', { plan: 'business', interval: 'month', uiMode: 'embedded' }, 's2'),
    );
    await call(post('/portal', {}, 's1'));
    await call(post('/preview', { plan: 'business', interval: 'month' }, 's1'));
    await call(post('/cancel', {}, 's1'));
    await call(post('/resume', {}, 's1'));
    await call(post('/change', { plan: 'business', interval: 'month' }, 's1'));
    await stack.emulator.idle();
    // renewals: the failing hook logs an error carrying both secrets; Stripe retries it
    stack.emulator.clock.advance(32 * DAY);
    await stack.emulator.idle();

    // bad signatures
    const event = stack.emulator.events.all()[0]!;
    const payload = JSON.stringify(event);
    const now = Math.floor(Date.now() / 1000);
    await call(webhookRequest(payload, signature(payload, 'whsec_wrong')));
    await call(webhookRequest(payload, signature(payload, WEBHOOK_SECRET, now - 3_600)));
    await call(webhookRequest(`${payload} `, signature(payload, WEBHOOK_SECRET)));
    await call(webhookRequest(payload, null));

    // Stripe failing, then a live key the emulator refuses (its error names part of the key)
    stack.emulator.faults.api.fail({
      status: 500,
      times: 3,
      method: 'POST',
      path: '/v1/billing_portal/sessions',
    });
    await call(post('/portal', {}, 's1'));
    stack.emulator.faults.api.reset();
    const live = makeBilling({
      stripe: createStripeClient(
        { url: stack.emulator.url, secretKey: LIVE_KEY },
        { maxNetworkRetries: 0 },
      ),
      store: db.pools[0],
      schema: db.schema,
      webhookSecret: WEBHOOK_SECRET,
      logger,
    });
    await call(get('/plans', null));
    await record(await live.handler(get('/plans', null)));
    await record(await live.handler(post('/checkout', { plan: 'pro', interval: 'month' }, 's3')));

    // config errors must not echo what they were given
    const configErrors: string[] = [];
    for (const bad of [
      { stripe: `sk_bad_${SECRET_KEY}`, webhookSecret: WEBHOOK_SECRET },
      { stripe: SECRET_KEY, webhookSecret: SECRET_KEY },
      { stripe: SECRET_KEY, webhookSecret: `x${WEBHOOK_SECRET}` },
    ]) {
      try {
        makeBilling({ ...bad, store: db.pools[0] });
        configErrors.push('accepted');
      } catch (error) {
        configErrors.push(String(error));
      }
    }

    const logs = logger.lines.map((line) => JSON.stringify(line));
    const hookErrors = logs.filter((l) => l.includes('hook failed')).length;
    const found = leaks(
      [...answers, ...logs, ...configErrors],
      [SECRET_KEY, WEBHOOK_SECRET, LIVE_KEY],
    );
    printFigures('secrets', {
      'answers checked (bodies + headers)': answers.length,
      'log lines checked': logs.length,
      'log lines from the hook that threw both secrets': hookErrors,
      'config errors checked': configErrors.length,
      'secret fragments found': found.length,
    });
    expect(hookErrors).toBeGreaterThan(0);
    expect(configErrors.every((e) => e.startsWith('BillingError'))).toBe(true);
    expect(found).toEqual([]);
  });

  // regression (issue 14 #6): the hook's message was stored verbatim in tollgate_events.error
  it("a failing notifier hook's error reaches the event ledger redacted", async () => {
    const { rows } = await db.pools[0].query(
      `SELECT error FROM "${db.schema}".tollgate_events WHERE error IS NOT NULL`,
    );
    const errors = rows.map((row) => String((row as { error: string }).error));
    expect(errors.some((e) => e.includes('hook failed with [redacted]'))).toBe(true);
    expect(leaks(errors, [SECRET_KEY, WEBHOOK_SECRET])).toEqual([]);
  });

  // regression: the redactor stopped at the first "_" after sk_test_, so the emulator's own keys
  // (sk_test_emulator_<random>) kept their random part in logs
  it("keys with underscores (the emulator's own format) are redacted whole", () => {
    const key = `sk_test_emulator_${alnum(24)}`;
    const lines = memoryLogger();
    const wrapped = redactingLogger(lines);
    wrapped.error(`failed with ${key}`, { detail: `key ${key}` });
    expect(leaks([JSON.stringify(lines.lines)], [key])).toEqual([]);
  });
});
