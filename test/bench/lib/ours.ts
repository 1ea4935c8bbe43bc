import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import preset from '@size-limit/preset-small-lib';
import sizeLimit from 'size-limit';
import { ROOT } from './machine';
import { SHARED_EXTERNALS } from './size';

const run = promisify(execFile);

const NODE_PATHS = [
  path.join(ROOT, 'packages', 'core', 'node_modules'),
  path.join(ROOT, 'packages', 'react', 'node_modules'),
  path.join(ROOT, 'node_modules'),
];

/** The packages whose bundles we budget. */
export type BudgetedPackage = 'core' | 'react';

/** One size-limit check as written in a package's config. */
export interface SizeCheck {
  name?: string;
  path?: string | string[];
  import?: string | Record<string, string>;
  limit?: string;
  ignore?: string[];
  gzip?: boolean;
  brotli?: boolean;
  modifyEsbuildConfig?: (config: Record<string, unknown>) => Record<string, unknown>;
}

/** A measured check: bytes in the check's own compression, and in gzip for the comparison table. */
export interface MeasuredCheck {
  pkg: BudgetedPackage;
  name: string;
  imports: string;
  limit: string | undefined;
  limitBytes: number | undefined;
  /** Bytes in the compression the check asks for (size-limit's default is brotli). */
  bytes: number;
  compression: 'gzip' | 'brotli' | 'none';
  gzipBytes: number;
}

/**
 * The size-limit checks of a package, from the places size-limit looks (`.size-limit.json`,
 * `.size-limit.js` / `.mjs`, or the `size-limit` key of package.json), or null.
 */
export async function readSizeChecks(
  pkg: BudgetedPackage,
): Promise<{ file: string; checks: SizeCheck[] } | null> {
  const dir = path.join(ROOT, 'packages', pkg);
  const json = path.join(dir, '.size-limit.json');
  if (existsSync(json)) {
    return { file: path.relative(ROOT, json), checks: JSON.parse(readFileSync(json, 'utf8')) };
  }
  for (const name of ['.size-limit.js', '.size-limit.mjs']) {
    const file = path.join(dir, name);
    if (existsSync(file)) {
      const checks = ((await import(pathToFileURL(file).href)) as { default: SizeCheck[] }).default;
      return { file: path.relative(ROOT, file), checks };
    }
  }
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    'size-limit'?: SizeCheck[];
  };
  if (manifest['size-limit']) {
    return { file: `packages/${pkg}/package.json`, checks: manifest['size-limit'] };
  }
  return null;
}

/**
 * Checks for a package without a size-limit config (bench only, no budget): everything, and
 * each exported component (capitalised value export of `src/index.ts`) on its own.
 */
export function defaultChecks(pkg: BudgetedPackage): SizeCheck[] {
  const index = readFileSync(path.join(ROOT, 'packages', pkg, 'src', 'index.ts'), 'utf8');
  const values = [...index.matchAll(/^export \{([^}]*)\} from/gm)].flatMap((m) =>
    m[1]!.split(',').map((name) => name.trim()),
  );
  const components = values.filter((name) => /^[A-Z][a-z]/.test(name)).sort();
  return [
    { name: `@tollgate/${pkg} (everything)`, import: '*', gzip: true },
    ...components.map((name) => ({ name, import: `{ ${name} }`, gzip: true })),
  ];
}

/** Fresh builds of core and react in a temp dir, made with each package's own tsdown config. */
export interface Builds {
  dir: string;
  outDir(pkg: BudgetedPackage): string;
  dispose(): Promise<void>;
}

/**
 * Builds the packages with their own tsdown configs into a temp dir (declarations off: size
 * only needs the JavaScript; the packages' own `dist/` is left alone).
 */
export async function buildPackages(pkgs: readonly BudgetedPackage[]): Promise<Builds> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tollgate-size-'));
  // tmp/<pkg>/dist beside a copy of the manifest, so `sideEffects` (tree-shaking) applies as
  // it does to the published package.
  const outDir = (pkg: BudgetedPackage) => path.join(dir, pkg, 'dist');
  const tsdown = path.join(ROOT, 'node_modules', '.bin', 'tsdown');
  await Promise.all(
    pkgs.map(async (pkg) => {
      await mkdir(path.join(dir, pkg), { recursive: true });
      await copyFile(
        path.join(ROOT, 'packages', pkg, 'package.json'),
        path.join(dir, pkg, 'package.json'),
      );
      try {
        await run(tsdown, ['--no-dts', '--out-dir', outDir(pkg), '--log-level', 'error'], {
          cwd: path.join(ROOT, 'packages', pkg),
          timeout: 120_000,
        });
      } catch (error) {
        const { stderr, stdout } = error as { stderr?: string; stdout?: string };
        throw new Error(
          `BUILD_FAILED: tsdown could not build packages/${pkg}: ${(stderr || stdout || String(error)).trim().slice(0, 800)}`,
        );
      }
    }),
  );
  return { dir, outDir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

function peersOf(pkg: BudgetedPackage): string[] {
  const manifest = JSON.parse(
    readFileSync(path.join(ROOT, 'packages', pkg, 'package.json'), 'utf8'),
  ) as {
    peerDependencies?: Record<string, string>;
  };
  return Object.keys(manifest.peerDependencies ?? {});
}

const DIST = /^\.?\/?dist\//;

/**
 * A check's file on disk: `dist/…` paths point into the fresh build; any other path (a check
 * that measures source, e.g. `src/index.ts`) is the package's own file, bundled by esbuild.
 */
function resolveCheckPath(
  pkg: BudgetedPackage,
  p: string,
  builds: Builds,
  checkName: string,
): string {
  const file = DIST.test(p)
    ? path.join(builds.outDir(pkg), p.replace(DIST, ''))
    : path.join(ROOT, 'packages', pkg, p);
  if (!existsSync(file)) {
    throw new Error(
      `SIZE_CHECK_PATH: packages/${pkg} size-limit check "${checkName}" names ${p}, which ${DIST.test(p) ? 'its build does not produce' : 'does not exist'}`,
    );
  }
  return file;
}

async function measure(
  files: string[],
  imports: Record<string, string>,
  ignore: string[],
  compression: 'gzip' | 'brotli' | 'none',
  modify: (config: Record<string, unknown>) => Record<string, unknown>,
): Promise<number> {
  const check = {
    files,
    import: imports,
    ignore,
    ...(compression === 'gzip' ? { gzip: true } : compression === 'none' ? { brotli: false } : {}),
    modifyEsbuildConfig: (config: Record<string, unknown>) => ({
      ...modify(config),
      logLevel: 'silent',
    }),
  };
  const [result] = (await sizeLimit(preset, { checks: [check] })) as { size?: number }[];
  if (typeof result?.size !== 'number') {
    throw new Error('SIZE_CHECK_EMPTY: size-limit returned no size');
  }
  return result.size;
}

/**
 * Measures every check of `pkg`'s size-limit config against the fresh build, exactly as the
 * size-limit CLI would (esbuild preset, peers ignored, the check's compression), plus min+gzip
 * with the shared externals for the comparison with competitors.
 */
export async function measureChecks(
  pkg: BudgetedPackage,
  checks: SizeCheck[],
  builds: Builds,
): Promise<MeasuredCheck[]> {
  const peers = peersOf(pkg);
  const out: MeasuredCheck[] = [];
  for (const check of checks) {
    const name = check.name ?? `${pkg} ${String(check.path ?? 'dist/index.js')}`;
    const paths = check.path === undefined ? ['dist/index.js'] : [check.path].flat();
    const files = paths.map((p) => resolveCheckPath(pkg, p, builds, name));
    // As the size-limit CLI does: a string import applies to the first file; object keys are
    // paths relative to the package.
    const imports: Record<string, string> =
      check.import === undefined
        ? { [files[0]!]: '*' }
        : typeof check.import === 'string'
          ? { [files[0]!]: check.import }
          : Object.fromEntries(
              Object.entries(check.import).map(([p, names]) => [
                resolveCheckPath(pkg, p, builds, name),
                names,
              ]),
            );
    const fromBuild = paths.some((p) => DIST.test(p));
    // Built files live in a temp dir: resolve their bare imports (zod…) as the packages would,
    // and their @tollgate/core import to the fresh core build.
    const modify = (config: Record<string, unknown>) => {
      const theirs = check.modifyEsbuildConfig ? check.modifyEsbuildConfig(config) : config;
      if (!fromBuild) return theirs;
      return {
        ...theirs,
        nodePaths: NODE_PATHS,
        alias: {
          '@tollgate/core': path.join(builds.outDir('core'), 'index.js'),
          ...(theirs.alias as Record<string, string> | undefined),
        },
      };
    };
    const compression = check.gzip === true ? 'gzip' : check.brotli === false ? 'none' : 'brotli';
    const ignore = [...peers, ...(check.ignore ?? [])];
    const bytes = await measure(files, imports, ignore, compression, modify);
    const gzipBytes =
      compression === 'gzip'
        ? bytes
        : await measure(
            files,
            imports,
            [...SHARED_EXTERNALS, ...(check.ignore ?? [])],
            'gzip',
            modify,
          );
    out.push({
      pkg,
      name,
      imports: Object.values(imports).join(', '),
      limit: check.limit,
      limitBytes: check.limit ? parseLimit(check.limit) : undefined,
      bytes,
      compression,
      gzipBytes,
    });
  }
  return out;
}

const UNITS: Record<string, number> = { b: 1, kb: 1000, mb: 1_000_000, kib: 1024, mib: 1024 ** 2 };

/** Parses a size-limit `limit` (`10 kB`, `512 B`); size-limit counts 1 kB as 1000 bytes. */
export function parseLimit(limit: string): number {
  const match = /^\s*([\d.]+)\s*([kKmM]?i?[bB])\s*$/.exec(limit);
  if (!match)
    throw new Error(`SIZE_LIMIT_FORMAT: cannot read the limit "${limit}" — write it like "12 kB"`);
  return Math.round(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!);
}
