import { describe, expect, it } from 'vitest';
import { errorBodySchema } from './error-body';
import { BillingError, ERROR_STATUS } from './errors';
import { checkoutRequestSchema, portalRequestSchema, relativePathSchema } from './routes';

describe('relativePathSchema', () => {
  it.each(['/', '/billing', '/billing?done=1', '/a/b#c', '/settings/billing?plan=pro&x=%2F'])(
    'accepts the same-origin path %s',
    (path) => {
      expect(relativePathSchema.safeParse(path).success).toBe(true);
    },
  );

  it.each([
    '//evil.example',
    '//evil.example/billing',
    'https://evil.example',
    'http://evil.example/billing',
    '/\\evil',
    '/\\/evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'billing',
    '',
    '/billing\n//evil.example',
    '/ evil',
    `/${'a'.repeat(2048)}`,
  ])('refuses %j', (path) => {
    const result = relativePathSchema.safeParse(path);
    expect(result.success).toBe(false);
  });

  it('says what to send instead', () => {
    const result = checkoutRequestSchema.safeParse({
      plan: 'pro',
      interval: 'month',
      successPath: '//evil.example',
    });
    expect(result.error?.issues[0]).toMatchObject({
      path: ['successPath'],
      message: 'must be a same-origin path starting with a single "/" (e.g. "/billing")',
    });
  });

  it('guards the portal return path the same way', () => {
    expect(portalRequestSchema.safeParse({ returnPath: 'https://evil.example' }).success).toBe(
      false,
    );
    expect(portalRequestSchema.safeParse({ returnPath: '/account' }).success).toBe(true);
  });
});

describe('request schemas', () => {
  it('refuse fields the client may not set (the server decides money)', () => {
    const result = checkoutRequestSchema.safeParse({
      plan: 'pro',
      interval: 'month',
      price: 'price_1',
    });
    expect(result.success).toBe(false);
  });

  it('refuse unknown intervals and malformed plan keys', () => {
    expect(checkoutRequestSchema.safeParse({ plan: 'pro', interval: 'week' }).success).toBe(false);
    expect(checkoutRequestSchema.safeParse({ plan: '../pro', interval: 'month' }).success).toBe(
      false,
    );
  });
});

describe('errors', () => {
  it('uses UPPER_SNAKE codes, each with a real HTTP error status (client-only codes live in @tollgate/react)', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
      expect(status >= 400 && status < 600).toBe(true);
    }
    expect(Object.keys(ERROR_STATUS)).not.toContain('NETWORK_ERROR');
    expect(Object.keys(ERROR_STATUS)).not.toContain('INVALID_RESPONSE');
  });

  it('takes every status from the one table: a call site cannot override it', () => {
    for (const code of Object.keys(ERROR_STATUS) as (keyof typeof ERROR_STATUS)[]) {
      // @ts-expect-error there is no status option: a failure that needs another status needs another code
      const error = new BillingError(code, 'x', { status: 299 });
      expect(error.status).toBe(ERROR_STATUS[code]);
    }
  });

  it('BillingError carries its status and turns into the one error body', () => {
    const error = new BillingError('UNKNOWN_PLAN', 'No plan "gold" — use one of: free, pro.', {
      details: { plan: 'gold' },
    });
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(errorBodySchema.parse(error.toBody())).toEqual({
      error: {
        code: 'UNKNOWN_PLAN',
        message: 'No plan "gold" — use one of: free, pro.',
        details: { plan: 'gold' },
      },
    });
    expect(new BillingError('RATE_LIMITED', 'Slow down').retryable).toBe(true);
  });
});
