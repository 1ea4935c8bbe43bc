/**
 * What a handler's process has done so far by its own clocks (ms), as the peer benchmark's
 * contender (servers/peer.ts) keeps it and answers it over IPC (`'clocks'`): Stripe GET requests
 * and the SDK's `elapsed` for them, statements and their round trips, events and the handler's
 * time from request to response.
 */
export interface Clocks {
  reads: number;
  readMs: number;
  statements: number;
  statementMs: number;
  events: number;
  handlerMs: number;
}

/** Clocks at zero. */
export const noClocks = (): Clocks => ({
  reads: 0,
  readMs: 0,
  statements: 0,
  statementMs: 0,
  events: 0,
  handlerMs: 0,
});
