// @vitest-environment node
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../../../node_modules/.bin/size-limit', import.meta.url));

/** The size budget in .size-limit.js is part of the test run, not only a manual script. */
it('stays within the size-limit budget (min+gzip, core bundled, peers external)', async () => {
  const { stdout } = await promisify(execFile)(bin, ['--json'], { cwd: packageDir }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '[]' }),
  );
  const results = JSON.parse(stdout) as {
    name: string;
    passed: boolean;
    size: number;
    sizeLimit: number;
  }[];
  expect(results.length).toBeGreaterThanOrEqual(6);
  const over = results
    .filter((r) => !r.passed)
    .map((r) => `${r.name}: ${r.size} B > ${r.sizeLimit} B`);
  expect(over).toEqual([]);
}, 60_000);
