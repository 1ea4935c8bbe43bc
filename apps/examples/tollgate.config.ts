/**
 * What the `tollgate` CLI reads here (`npx tollgate catalog push`, `npx tollgate migrate`): the
 * examples' plans; Stripe from STRIPE_SECRET_KEY (+ STRIPE_API_BASE for the emulator); the
 * store from DATABASE_URL, else the embedded PGlite in ./.tollgate/pglite the examples use.
 */
import { plans } from './shared/plans.ts';

export default { catalog: plans, store: process.env.DATABASE_URL };
