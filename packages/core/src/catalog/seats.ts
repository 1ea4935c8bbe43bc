import { BillingError } from '../contract/errors';

/** The most seats one subscription can hold here (a sanity bound; plans set their own `max`). */
export const MAX_SEATS = 10_000;

/** Seat rules of a per-seat plan, as written in the catalog. */
export interface SeatInput {
  /** Fewest seats one can buy. Default 1. */
  min?: number;
  /** Most seats one can buy. Default: no plan limit (up to {@link MAX_SEATS}). */
  max?: number;
  /**
   * Seats that cost nothing: `tollgate catalog push` makes the price graduated, the first
   * `included` seats at 0 and each further seat at the price's amount.
   */
  included?: number;
  /** Entitlements granted per seat (e.g. `{projects: 5}`): the limit is base + per seat × seats. */
  perSeat?: Record<string, number>;
}

/** Validated seat rules. */
export interface SeatRule {
  min: number;
  max: number | null;
  included: number;
  perSeat: Record<string, number>;
}

/** The seats a plan allows, as `[min, max]` (one seat for a plan sold as one unit). */
export function seatBounds(plan: { seats: SeatRule | null }): [number, number] {
  return plan.seats ? [plan.seats.min, plan.seats.max ?? MAX_SEATS] : [1, 1];
}

/**
 * Checks a seat count against the plan: a whole number within its bounds. Throws
 * `INVALID_SEATS` saying what the plan allows.
 *
 * @example
 * checkSeats(catalog.get('team')!, 60); // throws: Team takes 2 to 50 seats — you asked for 60.
 */
export function checkSeats(plan: { name: string; seats: SeatRule | null }, seats: number): number {
  const [min, max] = seatBounds(plan);
  if (!Number.isInteger(seats) || seats < min || seats > max) {
    throw new BillingError(
      'INVALID_SEATS',
      plan.seats
        ? `${plan.name} takes ${min} to ${max} seats — you asked for ${seats}.`
        : `${plan.name} is not sold per seat — leave seats out (or send 1).`,
      { details: { min, max } },
    );
  }
  return seats;
}

/**
 * A plan's entitlements for a seat count: each `perSeat` limit adds `perSeat × seats` to the
 * plan's own value (an unlimited `-1` stays unlimited).
 */
export function seatEntitlements(
  plan: { entitlements: Record<string, boolean | number>; seats: SeatRule | null },
  seats: number,
): Record<string, boolean | number> {
  const out = { ...plan.entitlements };
  for (const [key, each] of Object.entries(plan.seats?.perSeat ?? {})) {
    const base = out[key];
    if (base === -1) continue;
    out[key] = (typeof base === 'number' ? base : 0) + each * seats;
  }
  return out;
}
