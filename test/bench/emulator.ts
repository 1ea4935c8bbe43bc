/**
 * (6) The emulator's own benchmark (packages/stripe-emulator/bench/emulator.ts), run in this
 * run so its figures sit beside the others: requests/s through the official SDK, start-up time.
 */
import type { Section } from './lib/report';
import { table } from './lib/report';
import { num } from './lib/stats';

/** The emulator engineer's benchmark module (a variable path keeps it out of this file's type graph). */
const EMULATOR_BENCH = '../../packages/stripe-emulator/bench/emulator';

/** What this section relies on from `runEmulatorBench()`. */
type RunEmulatorBench = (options?: {
  requests?: number;
  warmup?: number;
  runs?: number;
  startups?: number;
}) => Promise<{
  requests: number;
  throughput: { concurrency: number; requestsPerSecond: number; runs: number[] }[];
  startupMs: { median: number; samples: number[] };
}>;

/** Runs the emulator benchmark and reports it. */
export async function runEmulatorSection(quick = false): Promise<Section> {
  // Loaded on demand: a half-landed emulator fails this section only, not the whole run.
  const { runEmulatorBench } = (await import(EMULATOR_BENCH)) as {
    runEmulatorBench: RunEmulatorBench;
  };
  const f = await runEmulatorBench(
    quick
      ? { requests: 500, runs: 1, startups: 3, warmup: 100 }
      : { requests: 400, runs: 3, startups: 10, warmup: 200 },
  );
  const best = Math.max(...f.throughput.map((t) => t.requestsPerSecond));
  const body = [
    `\`runEmulatorBench()\` from \`packages/stripe-emulator/bench/emulator.ts\` (the emulator engineer’s benchmark; their own write-up is the “Stripe emulator” section below): \`customers.retrieve\` through the official \`stripe\` SDK over keep-alive HTTP, ${num(f.requests)} requests per run, median of ${f.throughput[0]?.runs.length ?? 0} runs; emulator and client share this process.`,
    '',
    table(
      ['concurrency', 'req/s (median)', 'runs'],
      f.throughput.map((t) => [
        String(t.concurrency),
        num(t.requestsPerSecond),
        t.runs.map((r) => num(r)).join(', '),
      ]),
    ),
    '',
    `Start-up (\`startEmulator({port: 0})\` until listening), median of ${f.startupMs.samples.length}: ${num(f.startupMs.median, 1)} ms (min ${num(Math.min(...f.startupMs.samples), 1)}, max ${num(Math.max(...f.startupMs.samples), 1)}).`,
  ].join('\n');
  return {
    title: 'Emulator in this run',
    body,
    targets: [
      {
        name: 'Emulator: req/s through the SDK (reported)',
        goal: 'report',
        figure: `${num(best)} req/s`,
        status: 'reported',
      },
      {
        name: 'Emulator: start-up (reported)',
        goal: 'report',
        figure: `${num(f.startupMs.median, 1)} ms`,
        status: 'reported',
      },
    ],
  };
}
