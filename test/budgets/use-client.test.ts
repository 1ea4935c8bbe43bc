/**
 * React Server Components: the built @tollgate/react marks exactly the modules that need the
 * client with 'use client' (components and hooks, as client references), and leaves
 * `createBillingClient` and `billingQueries` — what a server component calls to prefetch — as
 * plain modules whose whole import graph is free of React and of 'use client'.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Builds, buildPackages } from '../bench/lib/ours';

let builds: Builds;
let dist: string;

beforeAll(async () => {
  builds = await buildPackages(['react']);
  dist = builds.outDir('react');
}, 120_000);

afterAll(async () => {
  await builds?.dispose();
});

const read = (file: string) => readFile(path.join(dist, file), 'utf8');
const isClient = (code: string) => /^\s*(['"])use client\1;?/.test(code);

/** Every module reachable from `file` through relative imports, with its code. */
async function graph(file: string, seen = new Map<string, string>()): Promise<Map<string, string>> {
  if (seen.has(file)) return seen;
  const code = await read(file);
  seen.set(file, code);
  for (const [, target] of code.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
    await graph(path.posix.join(path.posix.dirname(file), target!), seen);
  }
  return seen;
}

describe("'use client' in the build", () => {
  it('createBillingClient and billingQueries import nothing client-only (prefetch in a server component)', async () => {
    for (const entry of ['client/billing-client.js', 'queries/billing-queries.js']) {
      for (const [file, code] of await graph(entry)) {
        expect(isClient(code), `${file} is marked 'use client'`).toBe(false);
        expect(code, `${file} imports react`).not.toMatch(/from\s*"react(-dom)?(\/[^"]*)?"/);
      }
    }
  });

  it('marks exactly the components and hooks the index exports, nothing else', async () => {
    const modules = await graph('index.js');
    const marked = [...modules].filter(([, code]) => isClient(code)).map(([file]) => file);
    expect(marked.sort()).toEqual(
      [
        'billing-status-banner/billing-status-banner.js',
        'feature-gate/feature-gate.js',
        'hooks/mutations.js',
        'hooks/queries.js',
        'hooks/use-entitlement.js',
        'plan-switcher/plan-switcher.js',
        'pricing-table/pricing-table.js',
        'provider/billing-provider.js',
        'provider/use-checkout-return.js',
        'usage-meter/usage-meter.js',
      ].sort(),
    );
  });

  it('the index itself is not a client module, so its server-safe exports stay callable', async () => {
    expect(isClient(await read('index.js'))).toBe(false);
  });
});
