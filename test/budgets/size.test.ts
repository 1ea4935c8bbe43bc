/**
 * Bundle budgets: every size-limit check in packages/core and packages/react, measured against
 * a fresh build of their current source (tsdown, declarations off, into a temp dir). A check on
 * `dist/…` is measured as users' bundlers see it — a fresh Vite build of an app importing those
 * names from the built package (vite-size.ts); a check on a source file goes through size-limit.
 * A check over its limit fails `pnpm test`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BudgetedPackage,
  type Builds,
  buildPackages,
  measureChecks,
  parseLimit,
  readSizeChecks,
} from '../bench/lib/ours';
import { checkBytes } from './vite-size';

const PACKAGES: readonly BudgetedPackage[] = ['core', 'react'];
const configs = await Promise.all(
  PACKAGES.map(async (pkg) => ({ pkg, config: await readSizeChecks(pkg) })),
);
const configured = configs.filter(
  (
    c,
  ): c is {
    pkg: BudgetedPackage;
    config: NonNullable<Awaited<ReturnType<typeof readSizeChecks>>>;
  } => c.config !== null,
);

let builds: Builds;

beforeAll(async () => {
  builds = await buildPackages(
    PACKAGES.filter((p) => p === 'core' || configured.some((c) => c.pkg === p)),
  );
}, 120_000);

afterAll(async () => {
  await builds?.dispose();
});

describe('bundle budgets', () => {
  it('has size-limit checks for core and react to enforce', () => {
    expect(configured.map((c) => c.pkg)).toEqual(['core', 'react']);
  });

  it('measures real bytes: a 1 B budget on the first check is reported over', async () => {
    const { pkg, config } = configured[0]!;
    const [measured] = await measureChecks(pkg, [{ ...config.checks[0]!, limit: '1 B' }], builds);
    expect(measured!.bytes).toBeGreaterThan(parseLimit('1 B'));
    expect(measured!.limitBytes).toBe(1);
  });

  for (const { pkg, config } of configured) {
    for (const check of config.checks) {
      const name = check.name ?? `${pkg} ${check.path ?? 'dist/index.js'}`;
      it(`${pkg}: ${name}`, async () => {
        expect(
          check.limit,
          `${config.file}: check "${name}" has no "limit" — add one such as "10 kB"`,
        ).toBeTypeOf('string');
        const bytes = await checkBytes(pkg, check, builds);
        const limit = parseLimit(check.limit!);
        expect(
          bytes,
          `${name}: ${bytes} B (min+gzip) is over its ${check.limit} budget in ${config.file} — shrink what it imports, or raise the limit in that file with a reason in the commit`,
        ).toBeLessThanOrEqual(limit);
      });
    }
  }
});
