/**
 * `pnpm bench`: runs every benchmark and rewrites our sections of BENCHMARKS.md (sections
 * written by others — "Stripe emulator", "Demo" — are kept as they are).
 *
 *   pnpm bench                      all benchmarks, writes BENCHMARKS.md
 *   pnpm bench --only=http,cpu      a subset, printed only
 *   pnpm bench --quick              shorter runs (for trying things; never for the file)
 *   pnpm bench --only=status --json=f   a subset, written as JSON (the Node 20 pass uses it)
 *
 * `pnpm bench` runs on Node 24 (the workspace's `node` devDependency). The full run then runs the
 * runtime-sensitive benchmarks again on Node 20, the oldest Node `engines` claims, and shows both
 * side by side.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { runBudgetBench } from './budget';
import { runBundleBench } from './bundle-sizes';
import { runCpuBench } from './cpu';
import { runDbBench } from './db';
import { runEmulatorSection } from './emulator';
import { runHttpBench } from './http';
import { closeShared } from './lib/db';
import { machineLines, ROOT } from './lib/machine';
import { rewriteBenchmarks } from './lib/markdown';
import { type Section, table } from './lib/report';
import { runPeerBench } from './peer';
import { serverParts } from './server-parts';
import { runUsageBench } from './usage';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const json = args.find((a) => a.startsWith('--json='))?.slice('--json='.length);
const write = !only && !quick && !json;
/** Benchmarks whose figures depend on the runtime: run again on Node 20 in a full run. */
const ON_BOTH_RUNTIMES = ['db', 'status', 'peer'];

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

const extraVersions: string[] = [];

interface Bench {
  key: string;
  title: string;
  run: () => Promise<Section>;
}

const BENCHES: Bench[] = [
  {
    key: 'http',
    title: 'Webhook over HTTP',
    run: async () => runHttpBench(await serverParts.adapterAvailable(), quick),
  },
  {
    key: 'db',
    title: 'Ledger and snapshot writes',
    run: async () => {
      const { section, versions } = await runDbBench(await serverParts.pipelineWrites(), quick);
      extraVersions.push(...versions);
      return section;
    },
  },
  {
    key: 'cpu',
    title: 'Per-event CPU',
    run: () => runCpuBench(serverParts.cpuContenders(quick), quick),
  },
  {
    key: 'pipeline',
    title: 'Pipeline with sync',
    run: () => serverParts.pipelineSection(quick),
  },
  { key: 'status', title: 'Status under load', run: () => serverParts.statusSection(quick) },
  {
    key: 'peer',
    title: 'Peer baseline: the common Stripe webhook recipe',
    run: () => runPeerBench(quick),
  },
  { key: 'budget', title: 'Stripe read budget', run: () => runBudgetBench(quick) },
  { key: 'usage', title: 'Usage outbox', run: () => runUsageBench(quick) },
  { key: 'emulator', title: 'Emulator in this run', run: () => runEmulatorSection(quick) },
  { key: 'bundles', title: 'Bundle size', run: runBundleBench },
];

async function main(): Promise<void> {
  const started = performance.now();
  extraVersions.push(
    `Load average (1/5/15 min) when the run started: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
  );
  const sections: Section[] = [];
  for (const bench of BENCHES) {
    if (only && !only.includes(bench.key)) continue;
    const t = performance.now();
    process.stderr.write(`bench: ${bench.key}…\n`);
    try {
      const section = await bench.run();
      section.body += `\n\nLoad average (1/5/15 min) when this section finished: ${load()}.`;
      sections.push(section);
    } catch (error) {
      const message = (error as Error).stack ?? String(error);
      process.stderr.write(`bench: ${bench.key} failed: ${message}\n`);
      sections.push({
        title: bench.title,
        body: `This benchmark failed in this run: \`${(error as Error).message.split('\n')[0]}\``,
        targets: [{ name: bench.title, goal: '—', figure: '—', status: 'not measured' }],
      });
    }
    process.stderr.write(
      `bench: ${bench.key} done in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
  }
  if (json) {
    writeFileSync(json, JSON.stringify({ node: process.version, sections }));
    return;
  }
  if (write) await addNode20(sections);
  const seconds = (performance.now() - started) / 1000;
  const targets = sections.flatMap((s) => s.targets);
  const summary = table(
    ['target', 'goal', 'this run', 'verdict'],
    targets.map((t) => [t.name, t.goal, t.figure, t.status === 'missed' ? '**missed**' : t.status]),
  );
  const machine = [...machineLines(extraVersions), `Whole run: ${seconds.toFixed(0)} s`].join('\n');
  const ours = [
    { title: 'Machine', text: machine },
    {
      title: 'Targets',
      text: `Every ratio below compares two things measured side by side in this run; absolute figures drift on a shared machine, the ratios are the claims. Each figure is the median of the per-round ratios, with their range; where that range straddles the goal, this run does not settle the verdict (see the load average above).\n\n${summary}`,
    },
    ...sections.map((s) => ({ title: s.title, text: s.body })),
  ];
  const preamble = [
    '# Benchmarks',
    '',
    'Written by `pnpm bench` (`test/bench/run.ts`; one file per benchmark in `test/bench/`). Rerun it to refresh every section except those other tools write (“Stripe emulator”, “Demo”), which are kept as they are. Medians with min–max over alternating rounds.',
  ].join('\n');
  if (write) {
    const file = path.join(ROOT, 'BENCHMARKS.md');
    const owned = new Set(['Machine', 'Targets', ...BENCHES.map((b) => b.title)]);
    await rewriteBenchmarks(file, preamble, ours, owned);
    process.stderr.write(`bench: wrote ${file} in ${seconds.toFixed(0)} s\n`);
  } else {
    process.stdout.write(`${ours.map((s) => `## ${s.title}\n\n${s.text}\n`).join('\n')}`);
  }
}

interface RuntimeRun {
  node: string;
  sections: Section[];
}

/**
 * Runs the runtime-sensitive benchmarks again on Node 20 (`tools/node-bin.sh 20`: the machine's
 * Node or npm's node@20), after this process's own run, and puts each section's Node 20 figures
 * beside the Node 24 ones; their targets are listed for both runtimes.
 */
async function addNode20(sections: Section[]): Promise<void> {
  const node20 = execFileSync(path.join(ROOT, 'tools/node-bin.sh'), ['20'], {
    encoding: 'utf8',
  }).trim();
  const file = path.join(tmpdir(), `tollgate-bench-node20-${process.pid}.json`);
  process.stderr.write(`bench: the same benchmarks on Node 20 (${node20})…\n`);
  execFileSync(
    node20,
    [
      '--conditions=source',
      '--import',
      'tsx',
      '--import',
      './tools/sql-text.mjs',
      'test/bench/run.ts',
      `--only=${ON_BOTH_RUNTIMES.join(',')}`,
      `--json=${file}`,
    ],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const other = JSON.parse(readFileSync(file, 'utf8')) as RuntimeRun;
  for (const section of sections) {
    const twin = other.sections.find((s) => s.title === section.title);
    if (!twin) continue;
    section.body = `### Node 24 (${process.version})\n\n${section.body}\n\n### Node 20 (${other.node}, the oldest Node \`engines\` claims; measured right after the Node 24 figures, same machine)\n\n${twin.body}`;
    section.targets = [
      ...section.targets.map((t) => ({ ...t, name: `${t.name} — Node 24` })),
      ...twin.targets.map((t) => ({ ...t, name: `${t.name} — Node 20` })),
    ];
  }
}

try {
  await main();
} finally {
  await closeShared();
}
// pg pools, PGlite and autocannon can leave handles open; the run is over.
process.exit(0);
