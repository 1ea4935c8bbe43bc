/** The Stripe API version the emulator speaks and renders events at (stripe-node 23's pinned version). */
export const API_VERSION = '2026-10-28.endive';
