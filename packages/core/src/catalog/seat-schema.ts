import * as z from 'zod/mini';
import { MAX_SEATS, type SeatInput, type SeatRule } from './seats';

const count = z.int().check(z.positive('must be a whole number of seats ≥ 1'), z.lte(MAX_SEATS));

/** @internal The catalog's `seats` field. */
export const seatsSchema = z.strictObject({
  min: z.optional(count),
  max: z.optional(count),
  included: z.optional(z.int().check(z.nonnegative('must be ≥ 0 seats'), z.lte(MAX_SEATS))),
  perSeat: z.optional(z.record(z.string(), z.int().check(z.positive('must be ≥ 1 per seat')))),
});

/** @internal Checks the bounds agree with each other. */
export function seatRule(
  plan: string,
  input: SeatInput,
  fail: (plan: string, field: string, problem: string) => never,
): SeatRule {
  const min = input.min ?? 1;
  const max = input.max ?? null;
  if (max !== null && max < min) fail(plan, 'seats.max', `must be ≥ seats.min (${min})`);
  const included = input.included ?? 0;
  if (max !== null && included >= max)
    fail(plan, 'seats.included', `must be below seats.max (${max}) — some seats must cost`);
  return { min, max, included, perSeat: input.perSeat ?? {} };
}
