/**
 * How the benchmarks reach `@tollgate/server`: its webhook pipeline (`processEvent`) on a
 * given store for the database and CPU benchmarks, and the full handler for the others.
 */
import { migrate } from '@tollgate/server';
import { createStore } from '@tollgate/server/store/store';
import { processEvent } from '@tollgate/server/webhook/pipeline';
import { createVerifier } from '@tollgate/server/webhook/verify';
import Stripe from 'stripe';
import { type CpuContender, cpuEventsNeeded } from './cpu';
import type { PipelineWrites } from './db';
import { layersTable, measureLayers } from './layers';
import { openPostgres, postgresReachable } from './lib/db';
import { sign, subscriptionEvent, WEBHOOK_SECRET } from './lib/event';
import { memoryStore } from './lib/memory-store';
import { countingQueryable, lightEvent, pipelineContext } from './lib/pipeline';
import { runPipelineBench } from './pipeline';
import { runStatusBench } from './status';

/** Customers the database benchmark rotates through (one event per customer in flight). */
const CUSTOMERS = 1024;

function pipelineWrites(): PipelineWrites {
  const counters: { count: number }[] = [];
  let events = 0;
  return {
    label:
      '`processEvent` from `@tollgate/server` — the Stripe read answered from memory so only the database is measured, then the snapshot write and the ledger claim as one statement — one new event per call, 1,024 customers in rotation (each seen once before measuring, as a running server has)',
    async prepare(db, changes) {
      await migrate(db);
      const counted = countingQueryable(db);
      counters.push(counted);
      const ctx = pipelineContext(counted, { changes });
      const mode = changes ? 'new' : 'same';
      const prefix = `evt_db_${mode}_${Date.now()}_`;
      const customer = (n: number) => `cus_bench_${mode}_${n % CUSTOMERS}`;
      // Customers linked to users, as checkout links them (else they are not Tollgate's and
      // their events are ignored); one event per customer first, unmeasured and uncounted: a
      // running server has seen its customers, so their versions are in its cache.
      const links = createStore(db);
      for (let n = 0; n < CUSTOMERS; n++) {
        await links.linkCustomer(`user_bench_${mode}_${n}`, customer(n), null);
        await processEvent(ctx, lightEvent(`${prefix}first_${n}`, customer(n)));
      }
      counted.count = 0;
      return async (n) => {
        await processEvent(ctx, lightEvent(prefix + n, customer(n)));
        events++;
      };
    },
    layers: { measure: measureLayers, table: layersTable },
    findings: () => {
      const statements = counters.reduce((sum, c) => sum + c.count, 0);
      return `Averaged over every pipeline cell of this run (both databases, both concurrencies, new and unchanged state), the pipeline sent ${(statements / Math.max(events, 1)).toFixed(2)} statements per event: one at a time it is one per event, and events in flight together share one; the bare loop sends 1. A process's first event for a customer it has not seen also looks up the stored version (one read).`;
    },
  };
}

/** Signed, distinct events prepared ahead (signing is not the pipeline's work). */
function signedBatch(count: number, customers: number, prefix = 'evt_cpu') {
  const at = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => {
    const body = subscriptionEvent(`${prefix}_${at}_${i}`, `cus_cpu_${i % customers}`);
    return { body, signature: sign(body, WEBHOOK_SECRET, at) };
  });
}

const verifier = () =>
  createVerifier({
    stripe: new Stripe('sk_test_bench'),
    secrets: [WEBHOOK_SECRET],
    toleranceSeconds: 300,
  });

/** The server's verifier alone, and verify + processEvent with the store in memory or in PostgreSQL. */
function cpuContenders(quick: boolean): CpuContender[] {
  const PG_BATCH = 200;
  const contenders: CpuContender[] = [
    {
      label:
        'reference: `constructEventAsync` with stripe’s default provider (Node crypto on Node)',
      async prepare() {
        const batch = signedBatch(512, 64);
        const stripe = new Stripe('sk_test_bench');
        let i = 0;
        return {
          work: () => {
            const e = batch[i++ % batch.length]!;
            return stripe.webhooks.constructEventAsync(e.body, e.signature, WEBHOOK_SECRET, 300);
          },
        };
      },
    },
    {
      label:
        'server verifier (`createVerifier`: timestamp check + `constructEventAsync`, Node crypto)',
      async prepare() {
        const batch = signedBatch(512, 64);
        const verify = verifier();
        let i = 0;
        return {
          work: () => {
            const e = batch[i++ % batch.length]!;
            return verify(e.body, e.signature);
          },
        };
      },
    },
    {
      label:
        'verify + `processEvent`, store in memory (Tollgate’s own CPU: no database, no driver)',
      decides: true,
      async prepare() {
        const batch = signedBatch(cpuEventsNeeded(2_000, quick), CUSTOMERS);
        const verify = verifier();
        const ctx = pipelineContext(
          { query: () => Promise.reject(new Error('unused')) },
          { changes: true, store: memoryStore() },
        );
        let i = 0;
        return {
          work: async () => {
            const e = batch[i++]!;
            await processEvent(ctx, await verify(e.body, e.signature));
          },
        };
      },
    },
  ];
  contenders.push({
    label:
      'verify + `processEvent` on PostgreSQL (this process only: pipeline + `pg` driver; the server’s CPU is not counted)',
    batch: PG_BATCH,
    async prepare() {
      const reachable = await postgresReachable();
      if (reachable !== true) throw new Error(reachable);
      const database = await openPostgres(1);
      await migrate(database.db);
      const batch = signedBatch(cpuEventsNeeded(PG_BATCH, quick), CUSTOMERS);
      const verify = verifier();
      const ctx = pipelineContext(database.db, { changes: true });
      // Customers linked to users, as checkout links them (else deciding whether an event is
      // Tollgate's asks Stripe, which this benchmark has not); one event per customer first,
      // unmeasured: a running server has seen its customers, so their stored versions are cached
      // and each measured event is one statement.
      const links = createStore(database.db);
      for (let n = 0; n < CUSTOMERS; n++) {
        await links.linkCustomer(`user_cpu_${n}`, `cus_cpu_${n}`, null);
      }
      for (const e of signedBatch(CUSTOMERS, CUSTOMERS, 'evt_cpu_warm'))
        await processEvent(ctx, await verify(e.body, e.signature));
      let i = 0;
      return {
        work: async () => {
          const e = batch[i++]!;
          await processEvent(ctx, await verify(e.body, e.signature));
        },
        close: database.close,
      };
    },
  });
  return contenders;
}

/** Entry points the runner uses. */
export const serverParts = {
  adapterAvailable: async (): Promise<boolean> => true,
  pipelineWrites: async (): Promise<PipelineWrites | undefined> => pipelineWrites(),
  cpuContenders,
  pipelineSection: runPipelineBench,
  statusSection: runStatusBench,
};
