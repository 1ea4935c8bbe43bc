import { BillingError, ERROR_STATUS } from '@tollgate/core';
import { describe, expect, it } from 'vitest';
import { defaultLabels, errorText } from './labels';

describe('labels.errors', () => {
  it.each([...Object.keys(ERROR_STATUS), 'NETWORK_ERROR', 'INVALID_RESPONSE'])(
    'has a user-facing default text for %s',
    (code) => {
      const text = (defaultLabels.errors as Record<string, string>)[code];
      expect(text).toMatch(/^[A-Z].{10,}\.$/);
    },
  );

  it('shows the label for the code, never the developer message', () => {
    const error = new BillingError('RATE_LIMITED', 'Stripe 429 on POST /v1/subscriptions');
    expect(errorText(defaultLabels, error)).toBe(defaultLabels.errors.RATE_LIMITED);
  });

  it('falls back for a code a newer server added, and for anything not a BillingError', () => {
    expect(errorText(defaultLabels, new BillingError<string>('TAX_ID_REQUIRED', 'x'))).toBe(
      defaultLabels.errors.fallback,
    );
    expect(errorText(defaultLabels, new TypeError('boom'))).toBe(defaultLabels.errors.fallback);
  });
});
