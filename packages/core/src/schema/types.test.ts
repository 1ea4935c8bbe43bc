import { describe, expectTypeOf, it } from 'vitest';
import * as zod from 'zod/mini';
import * as z from './index';

// The same shape in both libraries: `tsgo --noEmit` fails if the inferred types ever differ.
const ours = z.object({
  text: z.string().check(z.regex(/^a/), z.maxLength(3)),
  count: z.optional(z.int().check(z.positive())),
  choice: z.nullable(z.enum(['x', 'y'])),
  flags: z.array(z.literal(true)),
  limits: z.record(z.string(), z.union([z.boolean(), z.int()])),
  tagged: z.discriminatedUnion('t', [
    z.object({ t: z.literal('p'), n: z.int() }),
    z.object({ t: z.enum(['q', 'r']), at: z.iso.datetime({ offset: true }) }),
  ]),
  anything: z.unknown(),
  details: z.optional(z.record(z.string(), z.unknown())),
  strict: z.strictObject({ only: z.boolean() }),
  empty: z.strictObject({}),
});
const theirs = zod.object({
  text: zod.string().check(zod.regex(/^a/), zod.maxLength(3)),
  count: zod.optional(zod.int().check(zod.positive())),
  choice: zod.nullable(zod.enum(['x', 'y'])),
  flags: zod.array(zod.literal(true)),
  limits: zod.record(zod.string(), zod.union([zod.boolean(), zod.int()])),
  tagged: zod.discriminatedUnion('t', [
    zod.object({ t: zod.literal('p'), n: zod.int() }),
    zod.object({ t: zod.enum(['q', 'r']), at: zod.iso.datetime({ offset: true }) }),
  ]),
  anything: zod.unknown(),
  details: zod.optional(zod.record(zod.string(), zod.unknown())),
  strict: zod.strictObject({ only: zod.boolean() }),
  empty: zod.strictObject({}),
});

/** Exact type equality (optional vs required keys, `readonly`, unions all count). */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Ours = z.infer<typeof ours>;
type Theirs = zod.infer<typeof theirs>;
const same: {
  [K in keyof Ours | keyof Theirs]: Equal<Ours[K & keyof Ours], Theirs[K & keyof Theirs]>;
} = {
  text: true,
  count: true,
  choice: true,
  flags: true,
  limits: true,
  tagged: true,
  anything: true,
  details: true,
  strict: true,
  empty: true,
};
const whole: Equal<Ours, Theirs> = true;

describe('type inference', () => {
  it('matches zod/mini for every construct the contract uses', () => {
    expectTypeOf(same).toEqualTypeOf<Record<keyof Ours, true>>();
    expectTypeOf(whole).toEqualTypeOf<true>();
  });

  it('narrows safeParse on success', () => {
    const result = z.int().safeParse(1);
    if (result.success) expectTypeOf(result.data).toEqualTypeOf<number>();
    else expectTypeOf(result.error.issues).toEqualTypeOf<z.Issue[]>();
  });
});
