import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createState, type State } from './state.js';

const FORMAT = 'tollgate-stripe-emulator-snapshot';

/** What a snapshot file holds: the whole state and where the clock stood. */
export interface EmulatorSnapshot {
  format: typeof FORMAT;
  version: 1;
  /** ISO time the file was written (wall clock). */
  savedAt: string;
  /** Emulator time (unix seconds) and whether the clock was frozen. */
  clock: { now: number; frozen: boolean };
  /** The keys the emulator printed, so a restored emulator keeps them (absent in older files). */
  keys?: { secretKey: string; webhookSecret: string };
  state: State;
}

/** A snapshot file that exists but cannot be used. */
export class SnapshotError extends Error {
  readonly code = 'SNAPSHOT_INVALID';
  constructor(file: string, why: string) {
    super(
      `${file} is not a usable emulator snapshot (${why}) — delete it, or pass another snapshot path.`,
    );
    this.name = 'SnapshotError';
  }
}

/**
 * Writes the state, clock (and, given, the keys) to `file` as JSON, atomically (a temp file renamed over the old
 * one), creating the folder if needed.
 * @example await saveSnapshot('.tollgate/emulator.json', emulator.state, emulator.clock)
 */
export async function saveSnapshot(
  file: string,
  state: State,
  clock: { now(): number; readonly frozen: boolean },
  keys?: { secretKey: string; webhookSecret: string },
): Promise<void> {
  const snapshot: EmulatorSnapshot = {
    format: FORMAT,
    version: 1,
    savedAt: new Date().toISOString(),
    clock: { now: clock.now(), frozen: clock.frozen },
    ...(keys ? { keys } : {}),
    state,
  };
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(snapshot));
  await rename(temp, file);
}

/**
 * Reads a snapshot written by {@link saveSnapshot}; `null` when the file does not exist (a first
 * start). Collections missing from an older file start empty.
 * @throws SnapshotError when the file is not JSON or not an emulator snapshot.
 */
export async function loadSnapshot(file: string): Promise<EmulatorSnapshot | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SnapshotError(file, 'not valid JSON');
  }
  const snap = parsed as Partial<EmulatorSnapshot> | null;
  if (!snap || snap.format !== FORMAT) throw new SnapshotError(file, `no "format": "${FORMAT}"`);
  if (snap.version !== 1) throw new SnapshotError(file, `unsupported version ${snap.version}`);
  if (!snap.state || typeof snap.state !== 'object' || snap.state.version !== 1) {
    throw new SnapshotError(file, 'missing state');
  }
  if (!snap.clock || typeof snap.clock.now !== 'number') {
    throw new SnapshotError(file, 'missing clock');
  }
  const fresh = createState();
  const state = {
    ...fresh,
    ...snap.state,
    internal: { ...fresh.internal, ...snap.state.internal },
  } as State;
  return { ...(snap as EmulatorSnapshot), state };
}
