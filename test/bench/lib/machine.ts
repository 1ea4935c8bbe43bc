import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (two levels above this folder). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const TOOLS = [
  'stripe',
  'hono',
  '@hono/node-server',
  'pg',
  '@electric-sql/pglite',
  'autocannon',
  'size-limit',
  'react',
  '@tanstack/react-query',
] as const;

/** The installed version of a root dependency, or `?` when it is missing. */
export function installedVersion(name: string, from = ROOT): string {
  try {
    const file = path.join(from, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** Markdown lines describing the machine and versions of this run. */
export function machineLines(extra: readonly string[] = []): string[] {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const gib = (os.totalmem() / 2 ** 30).toFixed(1);
  const versions = TOOLS.map((t) => `${t} ${installedVersion(t)}`).join(', ');
  return [
    `- Run: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, commit ${gitCommit()}`,
    `- Machine: ${model}, ${cpus.length} cores, ${gib} GiB RAM, ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node ${process.version}; ${versions}`,
    `- Load average (1/5/15 min) when the report was written: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' / ',
      )} on ${cpus.length} cores — other work on this shared machine competes with every figure`,
    ...extra.map((line) => `- ${line}`),
  ];
}
