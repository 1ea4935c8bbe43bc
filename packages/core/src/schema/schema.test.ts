import { describe, expect, it } from 'vitest';
import * as z from './index';

const price = z.object({
  interval: z.enum(['month', 'year']),
  amount: z.int(),
  note: z.optional(z.string()),
});

describe('safeParse', () => {
  it('answers the data, dropping unknown keys of plain objects (as zod does)', () => {
    expect(price.safeParse({ interval: 'month', amount: 900, extra: 1 })).toEqual({
      success: true,
      data: { interval: 'month', amount: 900 },
    });
  });

  it('lists every issue with its path, code and what to fix', () => {
    const result = price.safeParse({ interval: 'week', amount: 1.5, note: 3 });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      { path: ['interval'], code: 'invalid_value', message: 'expected one of month, year' },
      { path: ['amount'], code: 'invalid_type', message: 'expected integer, got number 1.5' },
      { path: ['note'], code: 'invalid_type', message: 'expected string, got number 3' },
    ]);
  });

  it('names missing keys and wrong containers', () => {
    expect(
      price.safeParse({}).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    ).toEqual(['interval: expected one of month, year', 'amount: expected integer, got undefined']);
    expect(price.safeParse([]).error?.issues).toEqual([
      { path: [], code: 'invalid_type', message: 'expected object, got array' },
    ]);
    expect(z.array(z.string()).safeParse(null).error?.issues[0]?.message).toBe(
      'expected array, got null',
    );
  });

  it('keeps an optional key absent when it was absent, and accepts undefined', () => {
    const parsed = price.parse({ interval: 'year', amount: 0 });
    expect('note' in parsed).toBe(false);
    expect(price.parse({ interval: 'year', amount: 0, note: undefined })).toEqual({
      interval: 'year',
      amount: 0,
    });
  });
});

describe('parse', () => {
  it('throws a SchemaError whose message lists path: message', () => {
    expect(() => price.parse({ interval: 'week', amount: 1 })).toThrow(z.SchemaError);
    expect(() => price.parse({ interval: 'week', amount: 1 })).toThrow(
      'interval: expected one of month, year',
    );
    expect(() => z.string().parse(1)).toThrow('(root): expected string, got number 1');
  });
});

describe('strictObject', () => {
  it('refuses each unknown key at its own path', () => {
    const body = z.strictObject({ plan: z.string() });
    expect(body.safeParse({ plan: 'pro', price: 'price_1', x: 1 }).error?.issues).toEqual([
      { path: ['price'], code: 'unrecognized_keys', message: 'unknown key, remove it' },
      { path: ['x'], code: 'unrecognized_keys', message: 'unknown key, remove it' },
    ]);
    expect(body.safeParse({ plan: 'pro', constructor: 1 }).success).toBe(false);
    expect(body.parse({ plan: 'pro' })).toEqual({ plan: 'pro' });
  });
});

describe('nested paths', () => {
  it('reach into arrays, records, nullable and discriminated unions', () => {
    const schema = z.object({
      lines: z.array(z.object({ amount: z.int() })),
      limits: z.record(z.string(), z.union([z.boolean(), z.int()])),
      next: z.nullable(z.object({ at: z.iso.datetime() })),
      alert: z.discriminatedUnion('type', [
        z.object({ type: z.literal('a'), n: z.int() }),
        z.object({ type: z.enum(['b', 'c']) }),
      ]),
    });
    const result = schema.safeParse({
      lines: [{ amount: 1 }, { amount: 'x' }],
      limits: { seats: 'many', sso: true },
      next: { at: 'tomorrow' },
      alert: { type: 'd' },
    });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['lines.1.amount', 'expected integer, got string'],
      ['limits.seats', 'expected boolean or integer, got string'],
      ['next.at', 'must be an ISO 8601 date-time such as "2026-11-27T12:00:00Z"'],
      ['alert.type', 'expected one of a, b, c'],
    ]);
    expect(schema.parse({ lines: [], limits: {}, next: null, alert: { type: 'c', n: 1 } })).toEqual(
      { lines: [], limits: {}, next: null, alert: { type: 'c' } },
    );
  });

  it('picks the discriminated option and reports its own issues', () => {
    const schema = z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('hosted'), url: z.string() }),
      z.object({ kind: z.literal('embedded'), secret: z.string() }),
    ]);
    expect(schema.safeParse({ kind: 'embedded', url: 'x' }).error?.issues).toEqual([
      { path: ['secret'], code: 'invalid_type', message: 'expected string, got undefined' },
    ]);
    expect(schema.safeParse('hosted').error?.issues[0]?.message).toBe(
      'expected object, got string',
    );
  });

  it('never copies a __proto__ key of a record into the result', () => {
    const parsed = z
      .record(z.string(), z.unknown())
      .parse(JSON.parse('{"__proto__":{"x":1},"a":1}'));
    expect(parsed).toEqual({ a: 1 });
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });
});

describe('arrays', () => {
  it('regression: a hole in a sparse array is an undefined item, not a skipped one', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    expect(z.array(z.string()).safeParse(['a', , 'b']).error?.issues[0]).toMatchObject({
      path: [1],
      message: 'expected string, got undefined',
    });
  });
});

describe('checks', () => {
  it('run once the type matched, each with its message (custom ones win)', () => {
    const path = z.string().check(
      z.maxLength(5),
      z.refine((s) => s.startsWith('/'), { message: 'must start with "/"' }),
    );
    expect(path.safeParse('/ab').success).toBe(true);
    expect(path.safeParse('abcdefg').error?.issues.map((i) => [i.code, i.message])).toEqual([
      ['too_big', 'length must be at most 5'],
      ['custom', 'must start with "/"'],
    ]);
    expect(path.safeParse(5).error?.issues).toHaveLength(1);
    expect(
      z.string().check(z.regex(/^a/, 'must start with a')).safeParse('b').error?.issues[0],
    ).toEqual({ path: [], code: 'invalid_format', message: 'must start with a' });
    expect(z.string().check(z.regex(/^a/)).safeParse('b').error?.issues[0]?.message).toBe(
      'must match /^a/',
    );
    expect(z.string().check(z.minLength(2)).safeParse('a').error?.issues[0]?.message).toBe(
      'length must be at least 2',
    );
    expect(z.array(z.int()).check(z.maxLength(1)).safeParse([1, 2]).success).toBe(false);
  });

  it('bound numbers', () => {
    const n = (...checks: z.Check<number>[]) => z.int().check(...checks);
    expect(n(z.positive()).safeParse(0).error?.issues[0]?.message).toBe('must be greater than 0');
    expect(n(z.positive()).safeParse(1).success).toBe(true);
    expect(n(z.nonnegative()).safeParse(0).success).toBe(true);
    expect(n(z.nonnegative()).safeParse(-1).error?.issues[0]?.code).toBe('too_small');
    expect(n(z.gte(2), z.lte(4)).safeParse(5).error?.issues[0]?.message).toBe('must be at most 4');
    expect(n(z.gte(2), z.lte(4)).safeParse(1).error?.issues[0]?.message).toBe('must be at least 2');
    expect(n(z.gte(2), z.lte(4)).safeParse(3).success).toBe(true);
  });

  it('return a new schema and leave the original alone', () => {
    const plain = z.string();
    const strict = plain.check(z.minLength(3));
    expect(plain.safeParse('a').success).toBe(true);
    expect(strict.safeParse('a').success).toBe(false);
  });
});

describe('primitives', () => {
  it('int is a safe integer, as zod has it', () => {
    const int = z.int();
    for (const ok of [0, -0, 42, -7, Number.MAX_SAFE_INTEGER])
      expect(int.safeParse(ok).success).toBe(true);
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1', null]) {
      expect(int.safeParse(bad).success).toBe(false);
    }
  });

  it('literal and enum accept exactly their values', () => {
    expect(z.literal(true).safeParse(true).success).toBe(true);
    expect(z.literal(true).safeParse('true').error?.issues[0]?.message).toBe('expected true');
    expect(z.enum(['a']).safeParse('b').success).toBe(false);
    expect(z.boolean().safeParse(0).success).toBe(false);
    expect(z.unknown().safeParse(undefined).success).toBe(true);
    expect(z.object({ any: z.unknown() }).safeParse({}).error?.issues).toEqual([
      { path: ['any'], code: 'invalid_type', message: 'is required' },
    ]);
    expect(z.object({ any: z.unknown() }).parse({ any: undefined })).toEqual({ any: undefined });
  });
});

describe('iso.datetime', () => {
  const utc = z.iso.datetime();
  const offset = z.iso.datetime({ offset: true });

  it.each([
    '2026-11-27T12:00:00Z',
    '2026-11-27T12:00:00.123456Z',
    '2024-02-29T00:00:00Z',
    '2000-02-29T23:59:59Z',
    '0000-02-29T00:00:00Z',
    '9999-12-31T23:59:59Z',
  ])('accepts %s', (value) => {
    expect(utc.safeParse(value).success).toBe(true);
    expect(offset.safeParse(value).success).toBe(true);
  });

  it.each([
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-01T00:00:00Z',
    '2026-01-00T00:00:00Z',
    '2026-11-27T24:00:00Z',
    '2026-11-27T12:00Z',
    '2026-11-27 12:00:00Z',
    '2026-11-27T12:00:00',
    '2026-11-27T12:00:00+2:00',
    '2026-11-27',
  ])('refuses %s', (value) => {
    expect(offset.safeParse(value).success).toBe(false);
  });

  it('takes ±hh:mm only with offset: true', () => {
    expect(offset.safeParse('2026-11-27T12:00:00+05:30').success).toBe(true);
    expect(utc.safeParse('2026-11-27T12:00:00+05:30').success).toBe(false);
  });
});
