/**
 * (6) The emulator's own benchmark (`runEmulatorBench` and `formatFigures` from
 * packages/stripe-emulator/bench/emulator.ts), run inside `pnpm bench` so its figures come from
 * the same run as the others. The emulator engineer's own write-up stays in the "Stripe
 * emulator" section; this section is this run's figures in their format.
 */
import type { Section } from './lib/report';
import { num } from './lib/stats';

/** Runs the emulator benchmark and reports it. */
export async function runEmulatorSection(quick = false): Promise<Section> {
  // Loaded on demand: a broken emulator fails this section only, not the whole run.
  const { runEmulatorBench, formatFigures } = await import(
    '../../packages/stripe-emulator/bench/emulator'
  );
  const f = await runEmulatorBench(
    quick
      ? { requests: 300, runs: 1, startups: 3, warmup: 100, separateProcess: false }
      : { requests: 300, runs: 3, startups: 5, warmup: 200 },
  );
  const theirs = formatFigures(f);
  // Their first paragraph says how to run their script on its own; say where these came from.
  const rest = theirs.slice(theirs.indexOf('\n\n') + 2);
  const intro = `\`runEmulatorBench()\` and \`formatFigures()\` from \`packages/stripe-emulator/bench/emulator.ts\`, run by \`pnpm bench\` with ${num(f.requests)} requests per run (their stand-alone run, with more requests, is the “Stripe emulator” section below).`;
  const alone = f.separateProcess.length > 0 ? f.separateProcess : f.throughput;
  const bestPerCpu = Math.max(...alone.map((t) => t.requestsPerCpuSecond));
  const bestWall = Math.max(...f.throughput.map((t) => t.requestsPerSecond));
  return {
    title: 'Emulator in this run',
    body: `${intro}\n\n${rest}`,
    targets: [
      {
        name: 'Emulator: req/s through the SDK (wall clock, in one process)',
        goal: 'report',
        figure: `${num(bestWall)} req/s`,
        status: 'reported',
      },
      {
        name: 'Emulator: req per CPU-second of the emulator alone (its own goal: ≥ 1,000 req/s)',
        goal: '≥ 1,000',
        figure: `${num(bestPerCpu)}`,
        status:
          f.separateProcess.length === 0 ? 'not measured' : bestPerCpu >= 1_000 ? 'met' : 'missed',
      },
      {
        name: 'Emulator: start-up (warm process)',
        goal: 'report',
        figure: `${num(f.startupMs.median, 1)} ms`,
        status: 'reported',
      },
    ],
  };
}
