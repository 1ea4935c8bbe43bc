/**
 * Builds and packs every package, then installs the tarballs with npm — as a user would — into
 * one folder outside the workspace that every fixture app lives in. The npm install (runtimes,
 * frameworks, the tarballs) is kept between runs; only the tarballs are installed again.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root. */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the consumer apps and their node_modules live (outside the workspace). */
export const CONSUMER_ROOT =
  process.env.TOLLGATE_CONSUMER_DIR ?? path.join(os.tmpdir(), 'tollgate-consumers');

const PACKAGES = ['core', 'server', 'react', 'stripe-emulator'] as const;

/** What an app installs next to the tarballs: the versions TOOLCHAIN.md lists. */
const THIRD_PARTY: Record<string, string> = {
  react: '19.3.1',
  'react-dom': '19.3.1',
  '@tanstack/react-query': '5.108.0',
  vite: '8.3.8',
  '@vitejs/plugin-react': '6.3.0',
  next: '16.5.0',
  hono: '4.13.19',
  '@hono/node-server': '2.1.8',
  express: '5.3.0',
  stripe: '23.1.0',
  pg: '8.23.1',
  '@electric-sql/pglite': '0.5.16',
  tsx: '4.23.15',
  bun: '1.4.5',
  deno: '2.9.6',
  wrangler: '4.86.0',
  'playwright-core': '1.65.1',
};

const tarball = (name: string) => `tarballs/tollgate-${name}.tgz`;

async function pack(): Promise<void> {
  const out = path.join(CONSUMER_ROOT, 'tarballs');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  await run('pnpm', ['-r', '--filter', './packages/*', 'build'], {
    cwd: REPO,
    maxBuffer: 64 << 20,
  });
  for (const name of PACKAGES) {
    const dir = path.join(REPO, 'packages', name);
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', out], { cwd: dir });
    const file = stdout.trim().split('\n').pop() ?? '';
    fs.renameSync(
      path.isAbsolute(file) ? file : path.join(out, path.basename(file)),
      path.join(CONSUMER_ROOT, tarball(name)),
    );
  }
}

/** Drops the packed packages from node_modules and the lockfile, so npm installs them afresh. */
function forgetTarballs(): void {
  fs.rmSync(path.join(CONSUMER_ROOT, 'node_modules/@tollgate'), { recursive: true, force: true });
  const lockFile = path.join(CONSUMER_ROOT, 'package-lock.json');
  if (!fs.existsSync(lockFile)) return;
  const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as {
    packages: Record<string, unknown>;
  };
  for (const key of Object.keys(lock.packages)) {
    if (key.includes('node_modules/@tollgate/') || key === '') delete lock.packages[key];
  }
  fs.writeFileSync(lockFile, JSON.stringify(lock, null, 2));
}

/** Packs, writes the consumer package.json and installs; returns the consumer root. */
export async function installConsumers(): Promise<string> {
  // While working on a consumer test: TOLLGATE_CONSUMERS_REUSE=1 keeps the last pack and install.
  if (
    process.env.TOLLGATE_CONSUMERS_REUSE &&
    fs.existsSync(path.join(CONSUMER_ROOT, 'node_modules/@tollgate/server'))
  ) {
    return CONSUMER_ROOT;
  }
  fs.mkdirSync(CONSUMER_ROOT, { recursive: true });
  await pack();
  const dependencies: Record<string, string> = { ...THIRD_PARTY };
  for (const name of PACKAGES) dependencies[`@tollgate/${name}`] = `file:${tarball(name)}`;
  const manifest = {
    name: 'tollgate-consumers',
    private: true,
    type: 'module',
    dependencies,
    // The packed packages name each other by version; these are the tarballs, not the registry.
    overrides: { '@tollgate/core': `file:${tarball('core')}` },
  };
  fs.writeFileSync(path.join(CONSUMER_ROOT, 'package.json'), JSON.stringify(manifest, null, 2));
  forgetTarballs();
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: CONSUMER_ROOT,
    maxBuffer: 64 << 20,
    timeout: 600_000,
  });
  return CONSUMER_ROOT;
}

/** Copies a fixture folder (from the repo) into the consumer root, fresh. */
export function copyFixture(from: string, name: string): string {
  const to = path.join(CONSUMER_ROOT, name);
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, {
    recursive: true,
    filter: (src) => !/\/(node_modules|\.tollgate|\.next|dist)(\/|$)|\.test\.ts$/.test(src),
  });
  return to;
}
