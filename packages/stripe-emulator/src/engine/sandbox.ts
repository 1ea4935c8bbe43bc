import { createClock } from '../clock.js';
import type { State } from '../state.js';
import { scopedClock } from './clock-scope.js';
import type { Engine } from './context.js';
import { clone } from './emit.js';

const silent = { subscribe: () => () => {}, publish: () => {} };

/**
 * Runs `fn` on a throw-away copy of the engine: the same objects and time (a test clock's time
 * too), no events delivered, nothing kept. Previews of changes that only bill later (a schedule's
 * next phase, the renewal after it) run the real change and the real renewal here, so what they
 * show is what will be billed.
 */
export function inSandbox<T>(engine: Engine, fn: (sandbox: Engine) => T): T {
  const scope = engine.clock.scope;
  const base = engine.clock.within(null, () => engine.clock.now());
  const state: State = clone({ ...engine.state, events: {}, idempotency: {} });
  const sandbox: Engine = {
    state,
    clock: scopedClock(createClock({ start: base, frozen: true })),
    bus: silent,
    config: engine.config,
    request: null,
    redeliver: () => {},
  };
  return sandbox.clock.within(scope, () => fn(sandbox));
}
