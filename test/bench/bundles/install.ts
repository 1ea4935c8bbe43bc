import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This folder: its own package.json and node_modules, outside the pnpm workspace. */
export const BUNDLES_DIR = path.dirname(fileURLToPath(import.meta.url));

const INSTALL_TIMEOUT_MS = 240_000;

function pinned(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(BUNDLES_DIR, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  return manifest.dependencies;
}

function installedVersion(pkg: string): string | undefined {
  const file = path.join(BUNDLES_DIR, 'node_modules', pkg, 'package.json');
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** Pinned packages that are missing or at another version. */
export function missingCompetitors(): string[] {
  return Object.entries(pinned())
    .filter(([pkg, version]) => installedVersion(pkg) !== version)
    .map(([pkg]) => pkg);
}

/**
 * Installs the competitor packages into this folder with npm (never into the workspace, so the
 * main lockfile is untouched). Peers are not installed: they are external to every measurement.
 * Resolves to `true`, or to the reason the install failed (e.g. the registry is unreachable).
 */
export function installCompetitors(): Promise<true | string> {
  if (missingCompetitors().length === 0) return Promise.resolve(true);
  const args = [
    'install',
    '--prefix',
    BUNDLES_DIR,
    '--legacy-peer-deps',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
  ];
  return new Promise((resolve) => {
    execFile(
      'npm',
      args,
      { cwd: BUNDLES_DIR, timeout: INSTALL_TIMEOUT_MS },
      (error, _stdout, stderr) => {
        if (!error) return resolve(true);
        const why = stderr
          .split('\n')
          .filter((line) => /npm (error|ERR!)/.test(line))
          .slice(0, 3)
          .join(' ')
          .replace(/\s+/g, ' ');
        resolve(
          `\`npm install --prefix test/bench/bundles\` failed${error.killed ? ` (timed out after ${INSTALL_TIMEOUT_MS / 1000} s)` : ''}: ${why || error.message} — is the npm registry reachable?`,
        );
      },
    );
  });
}
