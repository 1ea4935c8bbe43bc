/** Prints a suite's figures as one aligned block, so a run's log shows what was tried. */
export function printFigures(suite: string, figures: Record<string, number | string>): void {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  const lines = Object.entries(figures).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  console.log(`\n[reliability] ${suite}\n${lines.join('\n')}\n`);
}

/** Whether the soak size was asked for (`pnpm test:soak`). */
export const SOAK = process.env.TOLLGATE_SOAK === '1';

/** Per-test timeout: the project's 120 s by default, half an hour for the soak size. */
export const TIMEOUT = SOAK ? 1_800_000 : 120_000;
