import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Vitest runs without globals here, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

// axe-core's first run in a worker takes seconds on a busy 2-core CI machine; this is a ceiling
// against hangs, not a speed assertion.
vi.setConfig({ testTimeout: 20_000 });
