import { describe, expect, it } from 'vitest';
import { checkingResponses, isDevelopment } from './check-responses';
import { json } from './respond';

const logged: string[] = [];
const logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (message: string) => void logged.push(message),
};
const call = (body: unknown, status = 200) =>
  checkingResponses(
    'portal',
    async () => json(body, status),
    logger,
  )(new Request('http://app.test/api/billing/portal', { method: 'POST' }));

describe('checkResponses (tests and dev mode check answers against the zod schemas)', () => {
  it('is on under vitest (NODE_ENV=test)', () => {
    expect(isDevelopment()).toBe(true);
  });

  it('passes an answer that matches the route schema through untouched', async () => {
    const response = await call({ url: 'https://billing.stripe.test/p/session' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ url: 'https://billing.stripe.test/p/session' });
  });

  it('turns an off-contract success answer into a logged 500 naming the field', async () => {
    const response = await call({ href: 'https://billing.stripe.test/p/session' });
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body.error.code).toBe('INTERNAL_ERROR');
    expect(body.error.message).toContain('POST /portal');
    expect(body.error.message).toContain('url');
    expect(logged.at(-1)).toContain('INTERNAL_ERROR');
  });

  it('checks error answers against the {error: {code, message}} body', async () => {
    const ok = await call({ error: { code: 'NO_SUBSCRIPTION', message: 'Subscribe first.' } }, 409);
    expect(ok.status).toBe(409);
    const bad = await call({ error: 'no subscription' }, 409);
    expect(bad.status).toBe(500);
  });
});
