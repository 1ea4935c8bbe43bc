/**
 * The benchmarks that need `@tollgate/server` (adapter, pipeline, /status). Until its webhook
 * pipeline and node adapter land, each reports that it was not measured and why.
 */
import type { CpuContender } from './cpu';
import type { PipelineWrites } from './db';
import { type Section, skipped } from './lib/report';

const WAITING =
  '`@tollgate/server` has not landed its webhook pipeline, node adapter and `createBilling` yet.';

/** Entry points the runner uses. */
export const serverParts = {
  adapterAvailable: async (): Promise<boolean> => false,
  pipelineWrites: async (): Promise<PipelineWrites | undefined> => undefined,
  pipelineCpu: async (): Promise<CpuContender | undefined> => undefined,
  pipelineSection: async (_quick: boolean): Promise<Section> =>
    skipped('Pipeline with sync', WAITING, [
      { name: 'Pipeline: events/s with sync against the emulator', goal: 'report' },
      { name: 'Pipeline: Stripe reads for a burst of N events, one customer', goal: '≪ N' },
    ]),
  statusSection: async (_quick: boolean): Promise<Section> =>
    skipped('Status under load', WAITING, [{ name: '/status p99 in-process', goal: '< 5 ms' }]),
};
