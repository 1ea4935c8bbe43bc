import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Vitest runs without globals here, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

// axe-core's first run in a worker takes seconds on a busy 2-core CI machine; this is a ceiling
// against hangs, not a speed assertion.
vi.setConfig({ testTimeout: 20_000 });

// jsdom has no modal dialogs: open and close toggle the attribute (focus trapping, Escape and
// inertness are tested in Chromium, in the Storybook project).
if (typeof HTMLDialogElement !== 'undefined' && !HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
}
