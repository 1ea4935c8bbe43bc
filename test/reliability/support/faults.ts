import type { startTimeoutProxy } from './proxy';
import type { Stack } from './stack';

/** How Stripe misbehaves in one scenario. */
export type FaultKind =
  | '500 then ok'
  | '429 then ok'
  | 'timeout then ok'
  | '500 always'
  | '429 always'
  | 'timeout always';

/** Kinds the SDK's own retries (2) must absorb: the route succeeds. */
export const TRANSIENT: readonly FaultKind[] = ['500 then ok', '429 then ok', 'timeout then ok'];
/** Kinds that outlast the retries: the route answers a retryable error. */
export const PERSISTENT: readonly FaultKind[] = ['500 always', '429 always', 'timeout always'];

/** The error code a persistent fault must surface as. */
export const CODE_OF: Record<FaultKind, string | null> = {
  '500 then ok': null,
  '429 then ok': null,
  'timeout then ok': null,
  '500 always': 'STRIPE_UNAVAILABLE',
  '429 always': 'RATE_LIMITED',
  'timeout always': 'STRIPE_UNAVAILABLE',
};

/** A Stripe call a route makes: method and path (emulator glob and proxy RegExp). */
export interface StripeCall {
  method: 'GET' | 'POST';
  path: string;
}

const globToRegExp = (glob: string) =>
  new RegExp(
    `^${glob
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+')}$`,
  );

/** Arms one fault on one call: 2 failures (then ok) or 3 (all the SDK's attempts). */
export function inject(
  stack: Stack,
  proxy: Awaited<ReturnType<typeof startTimeoutProxy>>,
  kind: FaultKind,
  call: StripeCall,
): void {
  const times = kind.endsWith('always') ? 3 : kind.startsWith('timeout') ? 1 : 2;
  if (kind.startsWith('timeout')) {
    proxy.timeout({ method: call.method, path: globToRegExp(call.path), times });
    return;
  }
  stack.emulator.faults.api.fail({
    status: kind.startsWith('500') ? 500 : 429,
    times,
    method: call.method,
    path: call.path,
  });
}
