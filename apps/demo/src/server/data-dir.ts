import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { SESSION_FILE } from './demo-stack';

/** Vite's dependency cache (dev mode) lives in the data folder but outlives a reset. */
const KEPT = new Set(['vite']);

/** Deletes what the data folder holds (the database, the emulator snapshot, the sessions). */
export async function emptyDataDir(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((name) => !KEPT.has(name))
      .map((name) => rm(path.join(dir, name), { recursive: true, force: true, maxRetries: 5 })),
  );
}

/**
 * Calls `onDeleted` when the data folder of the running demo disappears — someone deleted
 * `.tollgate` to start over — so the demo starts over instead of writing its old state back.
 * Polls once a second (fs.watch misses a deleted parent on some platforms).
 */
export function watchDataDir(dir: string, onDeleted: () => void): { close(): void } {
  const marker = path.join(dir, SESSION_FILE);
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    stat(marker)
      .then(
        () => undefined,
        () => onDeleted(),
      )
      .finally(() => {
        checking = false;
      });
  }, 1000);
  timer.unref();
  return { close: () => clearInterval(timer) };
}
