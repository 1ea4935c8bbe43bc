import axe from 'axe-core';
import { expect } from 'vitest';

/** Runs axe-core on `container` and fails with each violation's rule, help and target. */
export async function expectNoAxeViolations(container: Element): Promise<void> {
  const result = await axe.run(container, {
    // jsdom does not lay out or paint, so contrast cannot be measured here.
    rules: { 'color-contrast': { enabled: false } },
  });
  const found = result.violations.map(
    (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found).toEqual([]);
}
