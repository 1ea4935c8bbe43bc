import preset from '@size-limit/preset-small-lib';
import sizeLimit from 'size-limit';

/** What every bundle measurement leaves out: the host app already ships these. */
export const SHARED_EXTERNALS = ['react', 'react-dom', '@tanstack/react-query', '@stripe/*'];

/** The shared externals, minus the package being measured (as size-limit does with peers). */
function externalsFor(from: string): string[] {
  if (!from.startsWith('@stripe/')) return SHARED_EXTERNALS;
  const pkg = from.split('/').slice(0, 2).join('/');
  const others = ['@stripe/stripe-js', '@stripe/react-stripe-js'].filter((p) => p !== pkg);
  return [...SHARED_EXTERNALS.filter((e) => e !== '@stripe/*'), ...others];
}

/** One bundle to measure: named imports from a module, as an app would write them. */
export interface BundleSpec {
  /** Module specifier or absolute file path. */
  from: string;
  /** `{ A, B }`, or `*` for everything the module exports. */
  names: string;
  /** Folder whose `node_modules` resolves bare specifiers. */
  nodeModules?: string;
  /** esbuild aliases (e.g. workspace packages to their source). */
  alias?: Record<string, string>;
}

/**
 * Minified + gzipped bytes of what `import {names} from 'from'` pulls into an app bundle —
 * size-limit with its esbuild preset (tree-shaken, minified), gzip level 9, shared externals left out.
 */
export async function gzipBytes(spec: BundleSpec): Promise<number> {
  const check = {
    files: [] as string[],
    import: { [spec.from]: spec.names },
    ignore: externalsFor(spec.from),
    gzip: true,
    modifyEsbuildConfig: (config: Record<string, unknown>) => ({
      ...config,
      ...(spec.nodeModules ? { nodePaths: [spec.nodeModules] } : {}),
      ...(spec.alias ? { alias: spec.alias } : {}),
      logLevel: 'silent',
    }),
  };
  const [result] = (await sizeLimit(preset, { checks: [check] })) as { size?: number }[];
  if (!result || typeof result.size !== 'number') {
    throw new Error(`BENCH_SIZE: size-limit measured nothing for ${spec.from}`);
  }
  return result.size;
}

/** `12.3 kB` (1 kB = 1000 bytes, as size-limit prints). */
export function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(bytes < 10_000 ? 2 : 1)} kB`;
}
