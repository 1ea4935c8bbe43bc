import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { build } from 'vite';
import { DEMO_ROOT, REPO_ROOT, viteConfig } from './app-config';

/** Sources the bundle is built from: a change to any of them means a new build. */
const SOURCES = [
  path.join(DEMO_ROOT, 'index.html'),
  path.join(DEMO_ROOT, 'src/app'),
  path.join(REPO_ROOT, 'packages/react/src'),
  path.join(REPO_ROOT, 'packages/core/src'),
];
/** Built bundles, one folder per source fingerprint; shared by every demo on this machine. */
const CACHE = path.join(REPO_ROOT, 'node_modules/.cache/tollgate-demo-app');
const SKIP = /\.(test|stories)\.tsx?$/;

async function fingerprint(): Promise<string> {
  const hash = createHash('sha256');
  const visit = async (entry: string): Promise<void> => {
    const info = await stat(entry);
    if (info.isDirectory()) {
      for (const name of (await readdir(entry)).sort()) await visit(path.join(entry, name));
    } else if (!SKIP.test(entry)) {
      hash.update(`${entry}\0${info.size}\0${info.mtimeMs}\n`);
    }
  };
  for (const source of SOURCES) await visit(source);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The production bundle of the React app, built once per source change (a few seconds) and
 * reused from `node_modules/.cache` after that. Answers the folder holding index.html.
 */
export async function ensureAppBundle(log: (line: string) => void = () => {}): Promise<string> {
  const dir = path.join(CACHE, await fingerprint());
  if (await stat(path.join(dir, 'index.html')).catch(() => null)) return dir;
  const temp = `${dir}.${process.pid}.${Date.now()}.tmp`;
  log('app: building the React bundle (once per source change)…');
  await mkdir(CACHE, { recursive: true });
  await build({
    ...viteConfig(),
    build: { outDir: temp, emptyOutDir: true, reportCompressedSize: false },
  });
  // Another process may have finished the same build meanwhile: either copy is fine.
  await rename(temp, dir).catch(() => rm(temp, { recursive: true, force: true }));
  return dir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/**
 * Serves the bundle: hashed assets with a long cache life, and index.html for every other path
 * (the app routes on the client).
 */
export async function createBundleHandler(
  dir: string,
): Promise<(req: IncomingMessage, res: ServerResponse) => void> {
  const index = await readFile(path.join(dir, 'index.html'));
  return (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://demo.invalid').pathname);
    const file = path.join(dir, path.normalize(pathname));
    const isAsset = pathname.startsWith('/assets/') && file.startsWith(path.join(dir, 'assets'));
    if (!isAsset) {
      res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-cache' });
      res.end(index);
      return;
    }
    stat(file).then(
      (info) => {
        res.writeHead(200, {
          'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          'content-length': info.size,
          'cache-control': 'public, max-age=31536000, immutable',
        });
        createReadStream(file).pipe(res);
      },
      () => {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('Not found');
      },
    );
  };
}
