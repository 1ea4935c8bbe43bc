import * as z from 'zod/mini';

/** Routes without parameters accept an empty body or `{}` and nothing else. */
export const emptyBodySchema = z.strictObject({});
