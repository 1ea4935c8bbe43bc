/**
 * The examples (apps/examples) as shipped, in their own runtimes: copied out of the workspace
 * next to the packed packages installed with npm, started the way their README says, pointed at
 * the emulator by STRIPE_API_BASE, then used over HTTP: plans, 401, a paid hosted checkout
 * whose webhook turns /status active, a forged webhook refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeOverHttp } from './support/flow';
import { copyFixture, REPO } from './support/install';
import { runToEnd, type Started, start, stopAll, waitUntilServing } from './support/processes';
import { type AppStack, bin, pushCatalog, startAppStack } from './support/stack';

let examples: string;
beforeAll(() => {
  examples = copyFixture(path.join(REPO, 'apps/examples'), 'examples');
});
afterAll(stopAll);

/** Runs one example against a fresh emulator; `launch` starts it in `dir` with `env`. */
async function runExample(
  name: string,
  launch: (stack: AppStack, dir: string) => Started,
  options: { pglite?: boolean } = {},
): Promise<void> {
  // Each example gets its own working folder, so its embedded PGlite starts empty.
  const dir = path.join(examples, `.run-${name}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const stack = await startAppStack();
  const app = launch(stack, dir);
  try {
    await pushCatalog(stack, examples, 'tollgate.config.ts');
    await waitUntilServing(`${stack.appUrl}/api/billing/plans`, app);
    await subscribeOverHttp(stack, `${name}-user`);
    if (options.pglite) {
      // No store configured: the embedded PGlite was created (folder and all) and migrated.
      expect(fs.existsSync(path.join(dir, '.tollgate/pglite/PG_VERSION'))).toBe(true);
      expect(app.output()).toContain('using embedded PGlite in ./.tollgate/pglite');
    }
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- ${name} output ---\n${app.output()}`);
  } finally {
    await app.stop();
    await stack.close();
  }
}

const file = (...parts: string[]) => path.join(examples, ...parts);

describe('examples in their own runtimes', { timeout: 240_000 }, () => {
  it('Hono on Node (tsx hono/server.ts)', () =>
    runExample(
      'hono',
      (stack, dir) => start(bin('tsx'), [file('hono/server.ts')], { cwd: dir, env: stack.env }),
      { pglite: true },
    ));

  it('Express on Node (tsx express/server.ts)', () =>
    runExample(
      'express',
      (stack, dir) => start(bin('tsx'), [file('express/server.ts')], { cwd: dir, env: stack.env }),
      { pglite: true },
    ));

  it('Bun crashes on a fresh checkout (ENOENT) and could not reach the emulator: bun run bun-deno/server.ts', () =>
    runExample(
      'bun',
      (stack, dir) =>
        start(bin('bun'), ['run', file('bun-deno/server.ts')], { cwd: dir, env: stack.env }),
      { pglite: true },
    ));

  it('Deno needed --sloppy-imports: deno serve -A bun-deno/server.ts', () =>
    runExample(
      'deno',
      (stack, dir) =>
        start(
          bin('deno'),
          [
            'serve',
            '-A',
            '--port',
            String(stack.port),
            '--host',
            '127.0.0.1',
            file('bun-deno/server.ts'),
          ],
          { cwd: dir, env: { ...stack.env, DENO_NO_UPDATE_CHECK: '1' } },
        ),
      { pglite: true },
    ));
});

const postgresUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!postgresUrl)(
  'Cloudflare Workers example in workerd (wrangler dev)',
  { timeout: 240_000 },
  () => {
    it('the Workers example hung in workerd ("Worker\'s code had hung") with billing built once per isolate; now every request of a subscription is served', async () => {
      // Its own database on the local PostgreSQL, migrated by the packed CLI (DATABASE_URL).
      const database = `tollgate_workers_${process.pid}`;
      const admin = new URL(postgresUrl ?? '');
      const pg = (await import('pg')).default;
      const pool = new pg.Pool({ connectionString: admin.href });
      await pool.query(`DROP DATABASE IF EXISTS ${database}`);
      await pool.query(`CREATE DATABASE ${database}`);
      const url = new URL(admin.href);
      url.pathname = `/${database}`;
      if (!url.password) url.password = 'unused';
      try {
        await runToEnd(bin('tollgate'), ['migrate'], {
          cwd: examples,
          env: { DATABASE_URL: url.href },
        });
        await runExample('workers', (stack, dir) =>
          start(
            bin('wrangler'),
            [
              'dev',
              '--config',
              file('cloudflare-workers/wrangler.toml'),
              '--ip',
              '127.0.0.1',
              '--port',
              String(stack.port),
              '--inspector-port',
              '0',
              '--persist-to',
              path.join(dir, 'state'),
              '--show-interactive-dev-session=false',
              ...Object.entries({ ...stack.env, PORT: undefined })
                .filter(([, value]) => value !== undefined)
                .flatMap(([key, value]) => ['--var', `${key}:${value}`]),
            ],
            {
              cwd: dir,
              env: {
                CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: url.href,
                WRANGLER_SEND_METRICS: 'false',
                CI: '1',
              },
            },
          ),
        );
      } finally {
        await pool.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await pool.end();
      }
    });
  },
);

describe('tollgate CLI from the packed package', { timeout: 180_000 }, () => {
  it('tollgate migrate / catalog push never exited with a PGlite store in tollgate.config.mjs: they close the store and exit', async () => {
    const dir = path.join(examples, '.run-cli');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'tollgate.config.mjs'),
      `import { PGlite } from '@electric-sql/pglite';
import { definePlans } from '@tollgate/core';
const catalog = definePlans([
  { key: 'free', name: 'Free', free: true },
  { key: 'solo', name: 'Solo', prices: { month: { lookupKey: 'cli_solo_monthly', amount: 900, currency: 'usd' } } },
]);
export default { catalog, store: await PGlite.create('./data') };
`,
    );
    const first = await runToEnd(bin('tollgate'), ['migrate'], { cwd: dir, timeoutMs: 90_000 });
    expect(first).toContain('Applied migrations: 1');
    // On an existing data dir an unclosed PGlite keeps Node running: this run never ended.
    const again = await runToEnd(bin('tollgate'), ['migrate'], { cwd: dir, timeoutMs: 60_000 });
    expect(again).toContain('up to date');
    const stack = await startAppStack();
    try {
      const pushed = await runToEnd(bin('tollgate'), ['catalog', 'push'], {
        cwd: dir,
        env: stack.env,
        timeoutMs: 60_000,
      });
      expect(pushed).toMatch(/created\s+solo \(month\)/);
    } finally {
      await stack.close();
    }
  });
});
