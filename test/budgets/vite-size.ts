/**
 * What an import of a built Tollgate package costs an app, measured the way the app's bundler
 * sees it: a fresh Vite production build of a one-line entry (`import { … } from
 * '@tollgate/react'`) against the packages' `dist` (with their package.json, so `sideEffects`
 * applies), peers external. Counts the JavaScript the entry loads up front, min+gzip level 9;
 * chunks only reached through a dynamic `import()` (Embedded Checkout) are left out.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';
import {
  type BudgetedPackage,
  type Builds,
  measureChecks,
  type SizeCheck,
} from '../bench/lib/ours';
import { SHARED_EXTERNALS } from '../bench/lib/size';

const require = createRequire(import.meta.url);
const ZOD = path.dirname(require.resolve('zod/package.json'));

const external = (id: string) =>
  SHARED_EXTERNALS.some((e) =>
    e.endsWith('/*') ? id.startsWith(e.slice(0, -1)) : id === e || id.startsWith(`${e}/`),
  );

/** The entry file for `names` (`{ A, B }` or `*`) imported from `pkg`. */
function entrySource(pkg: string, names: string): string {
  return names.trim() === '*'
    ? `import * as all from '${pkg}';\nwindow.__tollgate = all;\n`
    : `import ${names} from '${pkg}';\nwindow.__tollgate = [${names.replace(/[{}]/g, '')}];\n`;
}

/** Min+gzip bytes of the JavaScript an app loads up front for `import names from '@tollgate/<pkg>'`. */
export async function viteGzipBytes(
  builds: Builds,
  pkg: 'core' | 'react',
  names: string,
): Promise<number> {
  const root = await mkdtemp(path.join(builds.dir, 'entry-'));
  try {
    await mkdir(root, { recursive: true });
    await writeFile(path.join(root, 'entry.js'), entrySource(`@tollgate/${pkg}`, names));
    const output = (await build({
      root,
      configFile: false,
      logLevel: 'silent',
      resolve: {
        alias: [
          { find: /^@tollgate\/(core|react)$/, replacement: `${builds.dir}/$1/dist/index.js` },
          { find: /^zod(\/.*)?$/, replacement: `${ZOD}$1` },
        ],
      },
      build: {
        write: false,
        minify: true,
        modulePreload: false,
        rollupOptions: { input: path.join(root, 'entry.js'), external },
      },
    })) as Rollup.RollupOutput | Rollup.RollupOutput[];
    const chunks = [output]
      .flat()
      .flatMap((o) => o.output)
      .filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
    const upFront = new Set<string>();
    const visit = (name: string) => {
      if (upFront.has(name)) return;
      upFront.add(name);
      for (const next of chunks.find((c) => c.fileName === name)?.imports ?? []) visit(next);
    };
    for (const chunk of chunks.filter((c) => c.isEntry)) visit(chunk.fileName);
    return chunks
      .filter((c) => upFront.has(c.fileName))
      .reduce((sum, c) => sum + gzipSync(c.code, { level: 9 }).length, 0);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Bytes of a size-limit check, the one way budgets and `pnpm bench` measure them: a check on
 * `dist/index.js` through Vite (above), a check on a source file through size-limit.
 */
export async function checkBytes(
  pkg: BudgetedPackage,
  check: SizeCheck,
  builds: Builds,
): Promise<number> {
  const paths = [check.path ?? 'dist/index.js'].flat();
  if (paths.every((p) => /^\.?\/?dist\/index\.js$/.test(p)) && typeof check.import === 'string') {
    return viteGzipBytes(builds, pkg, check.import);
  }
  const [measured] = await measureChecks(pkg, [check], builds);
  return measured!.bytes;
}
