import { describe, expect, it } from 'vitest';
import type { MeterPrice } from '../contract/usage';
import { meterAllows, meterCharge, meterState } from './usage';

const tiers = (mode: 'graduated' | 'volume'): MeterPrice => ({
  currency: 'usd',
  unitAmount: null,
  tiersMode: mode,
  tiers: [
    { upTo: 5, unitAmount: 500, flatAmount: 0 },
    { upTo: 10, unitAmount: 400, flatAmount: 100 },
    { upTo: null, unitAmount: 300, flatAmount: 0 },
  ],
});

describe('usage rules', () => {
  it('meterState: ok, warning from 80 %, exceeded past a soft limit, blocked at a hard one', () => {
    expect(meterState(7_999, 10_000, 'soft')).toBe('ok');
    expect(meterState(8_000, 10_000, 'soft')).toBe('warning');
    expect(meterState(10_000, 10_000, 'soft')).toBe('warning');
    expect(meterState(10_001, 10_000, 'soft')).toBe('exceeded');
    expect(meterState(49, 50, 'hard')).toBe('warning');
    expect(meterState(50, 50, 'hard')).toBe('blocked');
    expect(meterState(1e9, -1, 'hard')).toBe('ok');
    expect(meterState(0, 0, 'soft')).toBe('ok');
  });

  it('meterAllows: a hard limit refuses past the included amount; soft and unlimited allow', () => {
    expect(meterAllows({ included: 50, limit: 'hard' }, 50)).toBe(true);
    expect(meterAllows({ included: 50, limit: 'hard' }, 51)).toBe(false);
    expect(meterAllows({ included: 50, limit: 'soft' }, 5_000)).toBe(true);
    expect(meterAllows({ included: -1, limit: 'hard' }, 5_000)).toBe(true);
    expect(meterAllows({ included: 50, limit: 'hard' }, Number.NaN)).toBe(false);
  });

  it('meterCharge bills like Stripe: per unit, graduated and volume tiers, negative as 0', () => {
    expect(meterCharge({ currency: 'usd', unitAmount: 1.5, tiers: null, tiersMode: null }, 3)).toBe(
      5,
    );
    expect(meterCharge(tiers('graduated'), 12)).toBe(5 * 500 + 5 * 400 + 100 + 2 * 300);
    expect(meterCharge(tiers('volume'), 7)).toBe(7 * 400 + 100);
    expect(meterCharge(tiers('volume'), 12)).toBe(12 * 300);
    expect(meterCharge(tiers('graduated'), -4)).toBe(0);
  });
});
