import { describe, expect, it } from 'vitest';
import { DemoConfigError, readBackend } from './config';

describe('readBackend', () => {
  it('runs offline (emulator + PGlite) with no variables set', () => {
    expect(readBackend({})).toEqual({ stripe: 'emulator', database: 'pglite' });
  });

  it('uses PostgreSQL with the emulator when only DATABASE_URL is set', () => {
    expect(readBackend({ DATABASE_URL: 'postgres://localhost/x' })).toEqual({
      stripe: 'emulator',
      database: { url: 'postgres://localhost/x' },
    });
  });

  it('hands STRIPE_PUBLISHABLE_KEY to the app when set, for 3D Secure with stripe.js', () => {
    expect(
      readBackend({
        STRIPE_SECRET_KEY: 'sk_test_123',
        STRIPE_WEBHOOK_SECRET: 'whsec_abc',
        STRIPE_PUBLISHABLE_KEY: ' pk_test_456 ',
        DATABASE_URL: 'postgres://localhost/x',
      }),
    ).toMatchObject({ stripe: 'live', publishableKey: 'pk_test_456' });
  });

  it('runs against real Stripe when all three are set', () => {
    expect(
      readBackend({
        STRIPE_SECRET_KEY: 'sk_test_123',
        STRIPE_WEBHOOK_SECRET: 'whsec_abc',
        DATABASE_URL: 'postgres://localhost/x',
      }),
    ).toEqual({
      stripe: 'live',
      secretKey: 'sk_test_123',
      webhookSecret: 'whsec_abc',
      database: { url: 'postgres://localhost/x' },
    });
  });

  it('names every missing variable when the Stripe ones are half set', () => {
    const attempt = () => readBackend({ STRIPE_SECRET_KEY: 'sk_test_123' });
    expect(attempt).toThrow(DemoConfigError);
    expect(attempt).toThrow(/STRIPE_WEBHOOK_SECRET.*DATABASE_URL/);
  });

  it('refuses a live-mode key', () => {
    expect(() =>
      readBackend({
        STRIPE_SECRET_KEY: 'sk_live_123',
        STRIPE_WEBHOOK_SECRET: 'whsec_abc',
        DATABASE_URL: 'postgres://localhost/x',
      }),
    ).toThrow(/live-mode key/);
  });
});
