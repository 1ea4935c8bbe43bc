import * as z from 'zod/mini';

/** `GET /health` of the service (the shape of `HealthReport`). */
/** The usage outbox in `health()`: rows not yet delivered, the oldest one's time, refusals. */
const outboxStatsSchema = z.object({
  pending: z.int(),
  oldestPendingAt: z.nullable(z.string()),
  refused: z.int(),
});

/** The status cache in `health()`, when it is on: `down` means every read goes to the store. */
const statusCacheStatsSchema = z.object({
  state: z.enum(['listening', 'down']),
  entries: z.int(),
  max: z.int(),
  notices: z.int(),
});

export const healthReportSchema = z.union([
  z.object({
    status: z.literal('ok'),
    prices: z.int(),
    usage: outboxStatsSchema,
    statusCache: z.optional(statusCacheStatsSchema),
  }),
  z.object({
    status: z.literal('error'),
    problems: z.array(z.object({ code: z.string(), message: z.string() })),
    usage: z.optional(outboxStatsSchema),
    statusCache: z.optional(statusCacheStatsSchema),
  }),
]);
