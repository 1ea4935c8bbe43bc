/**
 * (7) Bundles: @tollgate/react (whole and per component) and @tollgate/core from a fresh build,
 * through each package's own size-limit checks, beside published competitors measured the same
 * way (size-limit esbuild preset, min+gzip, react / react-dom / react-query / @stripe/* external).
 */
import { checkBytes } from '../budgets/vite-size';
import { COMPETITORS } from './bundles/competitors';
import { BUNDLES_DIR, installCompetitors } from './bundles/install';
import {
  type BudgetedPackage,
  buildPackages,
  defaultChecks,
  type MeasuredCheck,
  measureChecks,
  readSizeChecks,
} from './lib/ours';
import { type Section, type Target, table } from './lib/report';
import { gzipBytes, kb } from './lib/size';

const PACKAGES: readonly BudgetedPackage[] = ['core', 'react'];

async function measureOurs(notes: string[]): Promise<MeasuredCheck[]> {
  const plans = [];
  for (const pkg of PACKAGES) {
    const config = await readSizeChecks(pkg);
    if (config) {
      plans.push({ pkg, checks: config.checks });
      continue;
    }
    notes.push(
      `\`packages/${pkg}\` has no size-limit config yet: measured everything and each component on its own, with no budget.`,
    );
    plans.push({ pkg, checks: defaultChecks(pkg) });
  }
  const builds = await buildPackages(PACKAGES);
  try {
    const out: MeasuredCheck[] = [];
    for (const { pkg, checks } of plans) {
      const measured = await measureChecks(pkg, checks, builds);
      // The budgeted figure is the one `pnpm test` enforces (test/budgets/vite-size.ts): what an
      // app loads up front, on-demand chunks left out; esbuild's every-chunk figure stays beside it.
      for (const [i, m] of measured.entries()) {
        out.push({ ...m, bytes: await checkBytes(pkg, checks[i]!, builds) });
      }
    }
    return out;
  } finally {
    await builds.dispose();
  }
}

async function measureCompetitors(notes: string[]): Promise<string[][]> {
  const installed = await installCompetitors();
  if (installed !== true) {
    notes.push(`Competitors not measured in this run: ${installed}`);
    return [];
  }
  const rows: string[][] = [];
  for (const c of COMPETITORS) {
    try {
      const bytes = await gzipBytes({
        from: c.from,
        names: c.names,
        nodeModules: `${BUNDLES_DIR}/node_modules`,
      });
      rows.push([c.label, `\`${c.from}\` ${c.names}`, kb(bytes), c.note]);
    } catch (error) {
      rows.push([
        c.label,
        `\`${c.from}\` ${c.names}`,
        'not measured',
        (error as Error).message.split('\n')[0]!,
      ]);
    }
  }
  return rows;
}

/** Runs the bundle benchmark. */
export async function runBundleBench(): Promise<Section> {
  const notes: string[] = [];
  const ours = await measureOurs(notes);
  const competitors = await measureCompetitors(notes);
  const targets: Target[] = ours
    .filter((m) => m.limitBytes !== undefined)
    .map((m) => ({
      name: `Bundle budget: ${m.name}`,
      goal: `≤ ${m.limit} (${m.compression})`,
      figure: kb(m.bytes),
      status: m.bytes <= m.limitBytes! ? 'met' : 'missed',
    }));
  const body = [
    'Sizes as an app pays them: an entry file `import {names} from "module"`, bundled, tree-shaken and minified by size-limit 12 (esbuild preset), then compressed. The comparison column is min+gzip (level 9) with `react`, `react-dom`, `@tanstack/react-query` and `@stripe/*` left external for every row; ours come from a fresh `tsdown` build made in the same run. The budgeted size is measured the one way `pnpm test` enforces it (test/budgets/vite-size.ts): a fresh Vite production build of that entry against the built `dist`, counting the JavaScript an app loads up front (on-demand chunks such as Embedded Checkout left out); the min+gzip column counts every chunk.',
    '',
    '### Tollgate',
    '',
    ours.length
      ? table(
          ['check', 'imports', 'min+gzip', 'budgeted size', 'budget'],
          ours.map((m) => [
            `${m.name}`,
            `\`@tollgate/${m.pkg}\` ${m.imports}`,
            kb(m.gzipBytes),
            `${kb(m.bytes)} (${m.compression})`,
            m.limit ? `${m.limit} — ${m.bytes <= m.limitBytes! ? 'within' : '**over**'}` : '—',
          ]),
        )
      : 'Not measured in this run.',
    '',
    '### Published competitors (same measurement)',
    '',
    competitors.length
      ? table(['package', 'imports', 'min+gzip', 'note'], competitors)
      : 'Not measured in this run.',
    ...(notes.length ? ['', ...notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
  return { title: 'Bundle size', body, targets };
}
