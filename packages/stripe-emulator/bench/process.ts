import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(root, 'packages/stripe-emulator/src/cli.ts');

/** An emulator running as its own process (the CLI), so it has a core to itself. */
export interface EmulatorProcess {
  url: string;
  port: number;
  secretKey: string;
  /** ms from spawn until the CLI printed its start-up lines. */
  startedInMs: number;
  /** CPU seconds (user + system) the emulator process has used so far (Linux /proc). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** Spawns `tollgate-emulator --port 0` through tsx and waits for its start-up lines. */
export async function spawnEmulator(): Promise<EmulatorProcess> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const ready = await new Promise<{ url: string; secretKey: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start:\n${out}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}:\n${out}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (\S+)/.exec(out)?.[1];
      const secretKey = /STRIPE_SECRET_KEY=(\S+)/.exec(out)?.[1];
      if (url && secretKey) {
        clearTimeout(timer);
        resolve({ url, secretKey });
      }
    });
  });
  const startedInMs = performance.now() - started;
  return {
    ...ready,
    port: Number(new URL(ready.url).port),
    startedInMs,
    cpuSeconds: () => processCpuSeconds(child.pid ?? 0),
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

/** ms to spawn `node -e 0` and see it exit: the floor under any cold start on this machine. */
export async function bareNodeMs(): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.once('exit', () => resolve());
    child.once('error', reject);
  });
  return performance.now() - started;
}

let ticksPerSecond: number | null = null;

/** CPU seconds (user + system) a process has used, read from `/proc/<pid>/stat`. */
export function processCpuSeconds(pid: number): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // fields after the parenthesised command name; utime and stime are the 12th and 13th of them
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}
