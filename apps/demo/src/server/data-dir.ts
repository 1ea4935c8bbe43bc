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

/** How many files and folders `dir` holds, at any depth; -1 once it is gone. */
const entryCount = (dir: string) =>
  readdir(dir, { recursive: true }).then(
    (entries) => entries.length,
    () => -1,
  );

/**
 * Resolves once a deletion in `dir` is over: the folder is gone, or nothing in it changed for a
 * second. `rm -rf .tollgate` takes the database's thousand files over seconds on a busy machine;
 * starting over before it ends would have it delete the new state as it is written.
 */
export async function deletionSettled(dir: string, quiet = 1000): Promise<void> {
  let before = await entryCount(dir);
  while (before !== -1) {
    await new Promise((resolve) => setTimeout(resolve, quiet));
    const now = await entryCount(dir);
    if (now === before) return;
    before = now;
  }
}

/**
 * Calls `onDeleted` as soon as the running demo's sessions file is gone — someone is deleting
 * `.tollgate` to start over — so the demo stops writing into the folder at once (a database
 * still writing there makes `rm -rf` fail with "Directory not empty"). Polls once a second
 * (fs.watch misses a deleted parent on some platforms).
 */
export function watchDataDir(dir: string, onDeleted: () => Promise<void>): { close(): void } {
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
