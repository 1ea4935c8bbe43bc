import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffMs } from './backoff';
import { tokenBucket } from './token-bucket';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('tokenBucket', () => {
  const clock = () => Date.now();

  it('lets a burst through at once, then one caller per 1/perSecond, in the order they asked', async () => {
    const bucket = tokenBucket({ perSecond: 10, burst: 3, now: clock });
    const start = Date.now();
    const at: [number, number][] = [];
    const takes = Array.from({ length: 6 }, (_, i) =>
      bucket.take().then(() => at.push([i, Date.now() - start])),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(at).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
    expect(bucket.waiting).toBe(3);
    await vi.advanceTimersByTimeAsync(300);
    await Promise.all(takes);
    expect(at.slice(3)).toEqual([
      [3, 100],
      [4, 200],
      [5, 300],
    ]);
  });

  it('tryTake never jumps the line', async () => {
    const bucket = tokenBucket({ perSecond: 10, burst: 1, now: clock });
    expect(bucket.tryTake()).toBe(true);
    const waiter = bucket.take();
    await vi.advanceTimersByTimeAsync(100);
    await waiter;
    await vi.advanceTimersByTimeAsync(100);
    const second = bucket.take();
    expect(bucket.tryTake()).toBe(false);
    await second;
  });

  it('pause hands out nothing for its time, then refills from empty', async () => {
    const bucket = tokenBucket({ perSecond: 10, burst: 5, now: clock });
    const start = Date.now();
    bucket.pause(1000);
    expect(bucket.tryTake()).toBe(false);
    let took = -1;
    const waiter = bucket.take().then(() => {
      took = Date.now() - start;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(took).toBe(-1);
    await vi.advanceTimersByTimeAsync(101);
    await waiter;
    expect(took).toBe(1100);
  });
});

describe('backoffMs', () => {
  it('doubles from the base up to the cap (service callbacks: 2 s doubling to 1 h)', () => {
    expect([1, 2, 3, 4, 12].map((n) => backoffMs(n, { baseMs: 2_000, maxMs: 3_600_000 }))).toEqual([
      2_000, 4_000, 8_000, 16_000, 3_600_000,
    ]);
  });

  it('with equal jitter, waits between half the delay and all of it', () => {
    const options = { baseMs: 1_000, maxMs: 60_000, jitter: 'equal' } as const;
    expect(backoffMs(3, options, () => 0)).toBe(2_000);
    expect(backoffMs(3, options, () => 0.999)).toBeCloseTo(3_998);
    expect(backoffMs(10, options, () => 1)).toBe(60_000);
  });
});
