import * as z from 'zod/mini';

/** `GET /health` of the service (the shape of `HealthReport`). */
export const healthReportSchema = z.union([
  z.object({ status: z.literal('ok'), prices: z.int() }),
  z.object({
    status: z.literal('error'),
    problems: z.array(z.object({ code: z.string(), message: z.string() })),
  }),
]);
