import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStripeClient, type Emulator, startEmulator } from '@tollgate/stripe-emulator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testPostgresUrl } from '../../../test/database';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cli = path.join(root, 'packages/server/src/cli/index.ts');
const tsx = path.join(root, 'node_modules/.bin/tsx');

function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      tsx,
      ['--import', path.join(root, 'tools/sql-text.mjs'), cli, ...args],
      { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

let emulator: Emulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-cli-'));
  fs.writeFileSync(
    path.join(dir, 'tollgate.config.ts'),
    `import { definePlans } from '@tollgate/core';
export default {
  catalog: definePlans([
    { key: 'free', name: 'Free', free: true },
    { key: 'team', name: 'Team', prices: { month: { lookupKey: 'cli_team_month', amount: 1500, currency: 'usd' } },
      meters: { cli_exports: { label: 'Exports', included: 0, formula: 'count', price: { lookupKey: 'cli_exports', amount: 3, currency: 'usd' } } } },
  ]),
};
`,
  );
}, 30_000);
afterAll(async () => {
  await emulator?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('tollgate CLI', { timeout: 90_000 }, () => {
  it('catalog push creates the products, prices, meters and metered prices (idempotence is covered in routes.test and push-meters.test)', async () => {
    const env = { STRIPE_SECRET_KEY: emulator.secretKey, STRIPE_API_BASE: emulator.url };
    const config = path.join(dir, 'tollgate.config.ts');
    const first = await run(['catalog', 'push', '--config', config], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/created\s+team \(month\): cli_team_month → price_/);
    expect(first.stdout).toMatch(/created\s+meter cli_exports: meter mtr_\w+ \(count\)/);
    expect(first.stdout).toMatch(/created\s+meter cli_exports \(month\): cli_exports → price_/);
    const prices = await createStripeClient(emulator).prices.list({
      lookup_keys: ['cli_team_month'],
    });
    expect(prices.data.map((p) => p.unit_amount)).toEqual([1500]);
    expect(first.stdout).not.toContain(emulator.secretKey);
  });

  const postgresUrl = testPostgresUrl();
  it.skipIf(!postgresUrl)('migrate applies the migrations once (PostgreSQL)', async () => {
    const schema = `t_cli_${process.pid}_${Date.now().toString(36)}`;
    const env = { DATABASE_URL: postgresUrl ?? '' };
    const first = await run(['migrate', '--schema', schema], env);
    expect(first.stdout).toContain('Applied migrations: 1');
    const second = await run(['migrate', '--schema', schema], env);
    expect(second.stdout).toContain('up to date');
    const pool = new pg.Pool({ connectionString: postgresUrl ?? '' });
    try {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM "${schema}".tollgate_events`,
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  });
});

describe('tollgate usage flush', { timeout: 90_000 }, () => {
  const postgresUrl = testPostgresUrl();
  it.skipIf(!postgresUrl)(
    'delivers the outbox to Stripe and reports the outbox (PostgreSQL)',
    async () => {
      const schema = `t_cli_usage_${process.pid}_${Date.now().toString(36)}`;
      const env = {
        DATABASE_URL: postgresUrl ?? '',
        STRIPE_SECRET_KEY: emulator.secretKey,
        STRIPE_API_BASE: emulator.url,
      };
      const stripe = createStripeClient(emulator);
      await stripe.billing.meters.create({
        display_name: 'CLI calls',
        event_name: 'cli_calls',
        default_aggregation: { formula: 'sum' },
      });
      const customer = await stripe.customers.create({ email: 'cli@example.test' });
      const pool = new pg.Pool({ connectionString: postgresUrl ?? '' });
      try {
        expect((await run(['migrate', '--schema', schema], env)).code).toBe(0);
        await pool.query(
          `INSERT INTO "${schema}".tollgate_customers (user_id, customer_id) VALUES ('cli-user', $1)`,
          [customer.id],
        );
        await pool.query(
          `INSERT INTO "${schema}".tollgate_usage (identifier, user_id, customer_id, meter, value, ts)
         VALUES ('cli-1', 'cli-user', $1, 'cli_calls', 7, $2), ('cli-2', 'cli-user', $1, 'cli_calls', 5, $2)`,
          [customer.id, Math.floor(Date.now() / 1000)],
        );
        const config = path.join(dir, 'tollgate.config.ts');
        const flushed = await run(['usage', 'flush', '--config', config, '--schema', schema], env);
        expect(flushed.stderr).toBe('');
        expect(flushed.code).toBe(0);
        expect(flushed.stdout).toContain('Sealed 2 row(s); delivered 1 meter event(s)');
        expect(flushed.stdout).toContain('Outbox: 0 pending, 0 refused.');
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      }
    },
  );

  it.skipIf(!postgresUrl)(
    '--watch keeps delivering what is recorded while it runs, then exits 0 on SIGTERM (PostgreSQL)',
    async () => {
      const schema = `t_cli_watch_${process.pid}_${Date.now().toString(36)}`;
      const env = {
        ...process.env,
        DATABASE_URL: postgresUrl ?? '',
        STRIPE_SECRET_KEY: emulator.secretKey,
        STRIPE_API_BASE: emulator.url,
      };
      const stripe = createStripeClient(emulator);
      const meter = await stripe.billing.meters.create({
        display_name: 'CLI watched calls',
        event_name: 'cli_watched',
        default_aggregation: { formula: 'sum' },
      });
      const customer = await stripe.customers.create({ email: 'watch@example.test' });
      const pool = new pg.Pool({ connectionString: postgresUrl ?? '' });
      const record = (identifier: string, value: number) =>
        pool.query(
          `INSERT INTO "${schema}".tollgate_usage (identifier, user_id, customer_id, meter, value, ts)
           VALUES ($1, 'watch-user', $2, 'cli_watched', $3, $4)`,
          [identifier, customer.id, value, emulator.clock.now()],
        );
      const total = async () => {
        const end = Math.ceil((emulator.clock.now() + 3600) / 3600) * 3600;
        const summaries = await stripe.billing.meters.listEventSummaries(meter.id, {
          customer: customer.id,
          start_time: end - 86_400,
          end_time: end,
        });
        return summaries.data[0]?.aggregated_value ?? 0;
      };
      try {
        expect((await run(['migrate', '--schema', schema], env)).code).toBe(0);
        await pool.query(
          `INSERT INTO "${schema}".tollgate_customers (user_id, customer_id) VALUES ('watch-user', $1)`,
          [customer.id],
        );
        const config = path.join(dir, 'tollgate.config.ts');
        // Node itself with tsx's loader, not the tsx CLI: the CLI is a second process relaying
        // SIGTERM, and under load it can end with the signal before the worker's own exit code.
        const worker = spawn(
          process.execPath,
          ['--import', path.join(root, 'node_modules/tsx/dist/loader.mjs')]
            .concat(['--import', path.join(root, 'tools/sql-text.mjs'), cli])
            .concat(['usage', 'flush', '--watch', '--config', config, '--schema', schema]),
          { cwd: root, env },
        );
        let stdout = '';
        let stderr = '';
        worker.stdout.on('data', (chunk) => {
          stdout += chunk;
        });
        worker.stderr.on('data', (chunk) => {
          stderr += chunk;
        });
        const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
        try {
          // Recorded while the worker runs, in two rounds: each reaches Stripe without a restart.
          await record('watch-1', 4);
          await vi.waitFor(async () => expect(await total()).toBe(4), {
            timeout: 30_000,
            interval: 200,
          });
          await record('watch-2', 6);
          await vi.waitFor(async () => expect(await total()).toBe(10), {
            timeout: 30_000,
            interval: 200,
          });
        } finally {
          worker.kill('SIGTERM');
        }
        expect(await exited, stderr).toBe(0);
        expect(stdout.match(/delivered 1 meter event\(s\)/g)).toHaveLength(2);
        expect(stdout).toContain('Outbox: 0 pending, 0 refused.');
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      }
    },
  );
});
