/**
 * The contract schemas accept and refuse exactly what they did when they were written in
 * zod/mini: the same contract modules are loaded twice, once on this library and once with
 * `../schema` swapped for zod/mini, and both parse the same arbitrary inputs.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtures } from '../fixtures';

const CONTRACT = ['primitives', 'plans', 'routes', 'status', 'errors'] as const;

interface Parser {
  safeParse(value: unknown): { success: boolean; data?: unknown };
}

async function loadContract(): Promise<Map<string, Parser>> {
  const schemas = new Map<string, Parser>();
  for (const name of CONTRACT) {
    const mod = (await import(`../contract/${name}.ts`)) as Record<string, unknown>;
    for (const [key, value] of Object.entries(mod)) {
      if (key.endsWith('Schema')) schemas.set(key, value as Parser);
    }
  }
  return schemas;
}

let ours: Map<string, Parser>;
let zods: Map<string, Parser>;

beforeAll(async () => {
  vi.resetModules();
  ours = await loadContract();
  vi.resetModules();
  vi.doMock('./index', () => import('zod/mini'));
  zods = await loadContract();
  vi.doUnmock('./index');
  vi.resetModules();
});

/** Every sub-value of the fixtures and of valid request bodies: seeds that some schema accepts. */
function subtrees(value: unknown, into: unknown[] = []): unknown[] {
  into.push(value);
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) subtrees(child, into);
  }
  return into;
}
const POOL = subtrees([
  fixtures.plans,
  fixtures.status,
  fixtures.preview,
  { plan: 'pro', interval: 'year', uiMode: 'embedded', successPath: '/b?x=1', cancelPath: '/' },
  { flow: 'payment_method_update', returnPath: '/account' },
  { plan: 'pro', interval: 'month', prorationDate: 1_780_000_000 },
  { undo: 'all' },
  { uiMode: 'hosted', url: 'https://checkout.example/c/1' },
  { uiMode: 'embedded', clientSecret: 'cs_1' },
  { outcome: 'applied', status: fixtures.status.activeMonthly },
  {
    outcome: 'requires_action',
    requiresAction: true,
    clientSecret: 'pi_1_secret',
    hostedInvoiceUrl: null,
    amountDue: 1200,
    currency: 'eur',
  },
  { received: true },
  { error: { code: 'UNKNOWN_PLAN', message: 'No plan', details: { plan: 'gold' } } },
]);

/** Values that sit on the edges of the contract's rules. */
const edge = fc.oneof(
  fc.constantFrom(
    'month',
    'year',
    'week',
    'pro',
    'Pro',
    '../pro',
    '-pro',
    'a'.repeat(64),
    'a'.repeat(65),
    '',
    'usd',
    'USD',
    'us',
    'hosted',
    'embedded',
    'applied',
    'scheduled',
    'requires_action',
    'payment_failed',
    'trial_ending',
    'access_ended',
    'canceled',
    'none',
    'grace',
    'UNKNOWN_PLAN',
    'NOPE',
    '/billing',
    '//evil.example',
    '/\\evil',
    `/${'a'.repeat(2048)}`,
    '2026-11-27T12:00:00Z',
    '2026-11-27T12:00:00.000+05:30',
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2026-11-27T12:00:00',
    '2026-11-27T24:00:00Z',
    '2026-13-01T00:00:00Z',
    true,
    false,
    null,
    undefined,
    0,
    -0,
    -1,
    1,
    1.5,
    2 ** 53,
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ),
  // Fresh containers each time: a shared `[]` or `{}` constant could be edited into itself.
  fc.constant(null).map(() => []),
  fc.constant(null).map(() => ({})),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.anything(),
);

type Edit = { at: number; op: 'set' | 'delete' | 'add'; key: string; value: unknown };
const edit = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('set' as const, 'delete' as const, 'add' as const),
  key: fc.oneof(
    fc.constantFrom('extra', 'plan', 'type', 'url', '__proto__', 'constructor'),
    fc.string(),
  ),
  value: edge,
});

/** Applies edits to a deep copy of `seed`, each at one of its containers chosen by `at`. */
function mutate(seed: unknown, edits: Edit[]): unknown {
  const root = { value: structuredClone(seed) as unknown };
  for (const { at, op, key, value } of edits) {
    const containers = subtrees(root).filter(
      (v): v is Record<string, unknown> => v !== null && typeof v === 'object',
    );
    const target = containers[at % containers.length]!;
    const keys = Object.keys(target);
    const existing = keys.length ? keys[at % keys.length]! : 'value';
    if (op === 'delete' && target !== root) delete target[existing];
    else if (op === 'add' && !Array.isArray(target) && target !== root) {
      Object.defineProperty(target, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else target[existing] = value;
  }
  return root.value;
}

describe('agreement with zod/mini on the contract schemas', { timeout: 120_000 }, () => {
  it('loads every contract schema both ways', () => {
    expect(ours.size).toBeGreaterThanOrEqual(30);
    expect([...zods.keys()]).toEqual([...ours.keys()]);
    expect('_zod' in zods.get('billingStatusSchema')!).toBe(true);
    expect('_zod' in ours.get('billingStatusSchema')!).toBe(false);
  });

  it('accepts and refuses the same inputs, and parses accepted ones to the same data', () => {
    for (const [name, schema] of ours) {
      const zod = zods.get(name)!;
      const seeds = POOL.filter((v) => zod.safeParse(v).success);
      expect(seeds.length, `${name} has valid seeds`).toBeGreaterThan(0);
      const input = fc.oneof(
        { weight: 1, arbitrary: fc.anything() },
        { weight: 1, arbitrary: fc.constantFrom(...seeds) },
        {
          weight: 6,
          arbitrary: fc
            .tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 3 }))
            .map(([seed, edits]) => mutate(seed, edits)),
        },
      );
      let accepted = 0;
      fc.assert(
        fc.property(input, (value) => {
          const a = schema.safeParse(value);
          const b = zod.safeParse(value);
          expect(a.success, `${name} on ${JSON.stringify(value)}`).toBe(b.success);
          if (a.success) {
            accepted++;
            expect(a.data).toEqual(b.data);
          }
        }),
        { numRuns: 400 },
      );
      expect(accepted, `${name} accepted some inputs`).toBeGreaterThan(0);
    }
  });
});
