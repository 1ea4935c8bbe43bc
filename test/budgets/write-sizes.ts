/**
 * `pnpm sizes`: measures every budgeted entry from a fresh build of `dist` as users' bundlers
 * see it (vite-size.ts) and rewrites the size tables in README.md and packages/react/README.md
 * (between `<!-- sizes:start -->` and `<!-- sizes:end -->`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type BudgetedPackage, buildPackages, parseLimit, readSizeChecks } from '../bench/lib/ours';
import { REPO } from '../consumers/support/install';
import { viteGzipBytes } from './vite-size';

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

async function rows(builds: Awaited<ReturnType<typeof buildPackages>>, pkg: BudgetedPackage) {
  const config = await readSizeChecks(pkg);
  const out: string[] = [];
  for (const check of config?.checks ?? []) {
    if ([check.path ?? 'dist/index.js'].flat()[0] !== 'dist/index.js') continue;
    if (typeof check.import !== 'string') continue;
    const bytes = await viteGzipBytes(builds, pkg, check.import);
    const limit = check.limit ? kB(parseLimit(check.limit)) : '—';
    const what = (check.name ?? check.import).replace(`@tollgate/${pkg} `, '');
    out.push(`| \`@tollgate/${pkg}\` ${what} | ${kB(bytes)} | ${limit} |`);
  }
  return out;
}

async function rewrite(file: string, table: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const next = text.replace(
    /<!-- sizes:start -->[\s\S]*<!-- sizes:end -->/,
    `<!-- sizes:start -->\n${table}\n<!-- sizes:end -->`,
  );
  if (next === text && !text.includes('<!-- sizes:start -->')) {
    throw new Error(`${file} has no <!-- sizes:start --> … <!-- sizes:end --> block`);
  }
  await writeFile(file, next);
}

const builds = await buildPackages(['core', 'react']);
try {
  const header = '| what | min+gzip | budget |\n|---|---|---|';
  const table = [header, ...(await rows(builds, 'react')), ...(await rows(builds, 'core'))].join(
    '\n',
  );
  await rewrite(path.join(REPO, 'README.md'), table);
  await rewrite(path.join(REPO, 'packages/react/README.md'), table);
  console.log(table);
} finally {
  await builds.dispose();
}
