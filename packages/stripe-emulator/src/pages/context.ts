import type { Engine } from '../engine/context.js';

/** What the pages need from the emulator: the engine whose state and operations they use. */
export interface PageContext {
  engine: Engine;
}
