import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClock } from '../src/clock.js';
import { loadSnapshot, SnapshotError, saveSnapshot } from '../src/snapshot.js';
import { createState } from '../src/state.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tollgate-snapshot-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('snapshot files', () => {
  it('round-trips state and the clock', async () => {
    const state = createState();
    state.internal.authenticated.pm_1 = true;
    (state.customers as Record<string, unknown>).cus_1 = { id: 'cus_1', object: 'customer' };
    const clock = createClock({ start: 1_800_000_000 });
    const file = path.join(dir, 'nested', 'emulator.json');
    const keys = { secretKey: 'sk_test_kept', webhookSecret: 'whsec_kept' };
    await saveSnapshot(file, state, clock, keys);
    const loaded = await loadSnapshot(file);
    expect(loaded?.state).toEqual(state);
    expect(loaded?.keys).toEqual(keys);
    expect(loaded?.clock).toEqual({ now: 1_800_000_000, frozen: true });
  });

  it('answers null for a first start with no file', async () => {
    expect(await loadSnapshot(path.join(dir, 'absent.json'))).toBeNull();
  });

  it('fills collections an older snapshot lacks', async () => {
    const file = path.join(dir, 'old.json');
    const state = createState() as Partial<ReturnType<typeof createState>>;
    delete state.meters;
    await writeFile(
      file,
      JSON.stringify({
        format: 'tollgate-stripe-emulator-snapshot',
        version: 1,
        savedAt: '',
        clock: { now: 1, frozen: false },
        state,
      }),
    );
    expect((await loadSnapshot(file))?.state.meters).toEqual({});
  });

  it('refuses files that are not snapshots, saying what to do', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, 'not json');
    await expect(loadSnapshot(file)).rejects.toThrow(SnapshotError);
    await expect(loadSnapshot(file)).rejects.toThrow(/not valid JSON.*delete it/);
    await writeFile(file, JSON.stringify({ hello: 1 }));
    await expect(loadSnapshot(file)).rejects.toThrow(/no "format"/);
  });

  it('leaves no temp file behind', async () => {
    const file = path.join(dir, 's.json');
    await saveSnapshot(file, createState(), createClock());
    expect(JSON.parse(await readFile(file, 'utf8')).format).toBe(
      'tollgate-stripe-emulator-snapshot',
    );
    expect(await readdir(dir)).toEqual(['s.json']);
  });
});
