import { describe, expect, it } from 'vitest';
import { parameterSection, readmeSection } from '../scripts/params-table.js';

describe('README parameter table', () => {
  it('matches the parameter tables (run `pnpm --filter @tollgate/stripe-emulator docs:params`)', () => {
    expect(readmeSection()).toBe(parameterSection());
  });
});
