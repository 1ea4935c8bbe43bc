/**
 * (1) Webhook route over HTTP on 127.0.0.1: plain node:http + constructEvent + Set vs our node
 * adapter serving the webhook route with the ledger off. Each server runs in its own process;
 * autocannon runs here. Rounds alternate the two so drift hits both alike.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from './lib/child';
import { sign, subscriptionEvent } from './lib/event';
import { type LoadResult, load } from './lib/load';
import { type Section, table } from './lib/report';
import { fmtSpread, pct, spread, times } from './lib/stats';

const here = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = 50;
const SECONDS = 2;
const ROUNDS = 5;

interface Contender {
  name: string;
  file: string;
  /** Path of the webhook route on that server. */
  route: string;
}

const BASELINE: Contender = {
  name: 'node:http + constructEvent + Set (baseline)',
  file: path.join(here, 'servers/baseline.ts'),
  route: '/webhook',
};

const ADAPTER: Contender = {
  name: '@tollgate/server/node, webhook route, ledger off',
  file: path.join(here, 'servers/adapter.ts'),
  route: '/api/billing/webhook',
};

interface Running {
  contender: Contender;
  url: string;
  stop(): Promise<void>;
}

async function start(contender: Contender): Promise<Running> {
  const server = await startChild(contender.file);
  return { contender, url: `http://127.0.0.1:${server.port}${contender.route}`, stop: server.stop };
}

async function measure(
  server: Running,
  body: string,
  signature: string,
  seconds: number,
): Promise<LoadResult> {
  const headers = { 'content-type': 'application/json', 'stripe-signature': signature };
  const result = await load({
    url: server.url,
    method: 'POST',
    headers,
    body,
    connections: CONNECTIONS,
    seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `BENCH_HTTP_FAILURES: ${server.contender.name} answered ${result.non2xx} non-2xx and ${result.errors} errors — the measurement would be meaningless`,
    );
  }
  return result;
}

/** Runs the HTTP benchmark; `withAdapter` false measures the baseline alone. */
export async function runHttpBench(withAdapter: boolean, quick = false): Promise<Section> {
  const body = subscriptionEvent('evt_bench_http', 'cus_bench_http');
  const signature = sign(body);
  const contenders = withAdapter ? [BASELINE, ADAPTER] : [BASELINE];
  const runs = new Map<Contender, LoadResult[]>(contenders.map((c) => [c, []]));
  const rounds = quick ? 1 : ROUNDS;
  // Both servers start once and stay up; rounds alternate which one is loaded first.
  const servers: Running[] = [];
  try {
    for (const contender of contenders) servers.push(await start(contender));
    for (const server of servers) await measure(server, body, signature, 1); // warm-up (JIT)
    for (let round = 0; round < rounds; round++) {
      for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
        runs
          .get(server.contender)!
          .push(await measure(server, body, signature, quick ? 2 : SECONDS));
      }
    }
  } finally {
    for (const server of servers) await server.stop();
  }
  const rows = contenders.map((c) => {
    const r = runs.get(c)!;
    return [
      c.name,
      fmtSpread(spread(r.map((x) => x.rps))),
      fmtSpread(spread(r.map((x) => x.p50)), 1, 'ms'),
      fmtSpread(spread(r.map((x) => x.p99)), 1, 'ms'),
    ];
  });
  const text = [
    `${rounds} alternating rounds of ${quick ? 2 : SECONDS} s (after a 1 s warm-up of each server), ${CONNECTIONS} connections, a ${body.length}-byte signed \`customer.subscription.updated\`; each server in its own process, autocannon in the runner. Medians (min–max).`,
    '',
    table(['server', 'req/s', 'p50', 'p99'], rows),
  ];
  if (!withAdapter) {
    text.push(
      '',
      'Our node adapter was not measured in this run: `@tollgate/server/node` is not available yet.',
    );
    return {
      title: 'Webhook over HTTP',
      body: text.join('\n'),
      targets: [
        {
          name: 'HTTP: adapter req/s vs node:http',
          goal: '≥ 80 %',
          figure: '—',
          status: 'not measured',
        },
        {
          name: 'HTTP: adapter p99 vs node:http',
          goal: '≤ 2×',
          figure: '—',
          status: 'not measured',
        },
      ],
    };
  }
  const base = runs.get(BASELINE)!;
  const ours = runs.get(ADAPTER)!;
  // Ratios per round (same round = same machine conditions), then the median of those.
  const rpsRatio = spread(ours.map((o, i) => o.rps / base[i]!.rps));
  const p99Ratio = spread(ours.map((o, i) => o.p99 / Math.max(base[i]!.p99, 1)));
  text.push(
    '',
    `Ratio (per round, median (min–max)): req/s ${pct(rpsRatio.median)} (${pct(rpsRatio.min)}–${pct(rpsRatio.max)}) of the baseline; p99 ${times(p99Ratio.median)} (${times(p99Ratio.min)}–${times(p99Ratio.max)}) the baseline's (autocannon reports whole milliseconds; a p99 under 1 ms counts as 1 ms).`,
  );
  return {
    title: 'Webhook over HTTP',
    body: text.join('\n'),
    targets: [
      {
        name: 'HTTP: adapter req/s vs node:http',
        goal: '≥ 80 %',
        figure: `${pct(rpsRatio.median)} (rounds ${pct(rpsRatio.min)}–${pct(rpsRatio.max)})`,
        status: rpsRatio.median >= 0.8 ? 'met' : 'missed',
      },
      {
        name: 'HTTP: adapter p99 vs node:http',
        goal: '≤ 2×',
        figure: `${times(p99Ratio.median)} (rounds ${times(p99Ratio.min)}–${times(p99Ratio.max)})`,
        status: p99Ratio.median <= 2 ? 'met' : 'missed',
      },
    ],
  };
}
