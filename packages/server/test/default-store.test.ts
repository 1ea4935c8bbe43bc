/**
 * The store a config gets when it names none (embedded PGlite in ./.tollgate/pglite, created and
 * migrated on first start), a PostgreSQL URL as the store, and the answer when migrations are
 * missing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBilling } from '@tollgate/server';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_URL, catalog, get, headerAuth, memoryLogger } from '../../../test/app';
import { pglite, testPostgresUrl } from '../../../test/database';

const base = { webhookSecret: 'whsec_test_secret', catalog, appUrl: APP_URL, getUser: headerAuth };
const stripe = 'sk_test_unused_by_status';
const cwd = process.cwd();
afterAll(() => process.chdir(cwd));

describe('default store', { timeout: 120_000 }, () => {
  it('createBilling requires store: without one it opens PGlite in ./.tollgate/pglite, creates the folder, migrates once and says so once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-default-store-'));
    process.chdir(dir);
    try {
      const logger = memoryLogger();
      const billing = createBilling({ ...base, stripe, logger });
      const first = await billing.handler(get('/status'));
      expect(first.status).toBe(200);
      expect(((await first.json()) as { status: string }).status).toBe('none');
      expect((await billing.handler(get('/status', 'u2'))).status).toBe(200);
      expect(fs.existsSync(path.join(dir, '.tollgate/pglite/PG_VERSION'))).toBe(true);
      const said = logger.lines.filter((line) => line.message.includes('embedded PGlite'));
      expect(said).toHaveLength(1);
      expect(said[0]?.message).toContain('./.tollgate/pglite (applied migrations 1');
    } finally {
      process.chdir(cwd);
    }
  });

  it('without migrations /status answers 503 STORE_NOT_MIGRATED naming the command (was a bare 500)', async () => {
    const db = await pglite('unmigrated');
    try {
      const billing = createBilling({
        ...base,
        stripe,
        store: db.db,
        schema: 'never_migrated',
        logger: memoryLogger(),
      });
      const response = await billing.handler(get('/status'));
      expect(response.status).toBe(503);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('STORE_NOT_MIGRATED');
      expect(body.error.message).toContain('npx tollgate migrate');
    } finally {
      await db.close();
    }
  });

  const url = testPostgresUrl();
  it.skipIf(!url)('takes a PostgreSQL URL as the store (one line)', async () => {
    const schema = `t_url_${process.pid}_${Date.now().toString(36)}`;
    const billing = createBilling({ ...base, stripe, store: url ?? '', schema, migrate: true });
    const response = await billing.handler(get('/status'));
    expect(response.status).toBe(200);
    const pg = (await import('pg')).default;
    const pool = new pg.Pool({ connectionString: url ?? '' });
    await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    await pool.end();
  });

  it('refuses a store string that is not a PostgreSQL URL', () => {
    expect(() => createBilling({ ...base, stripe, store: './data.db' })).toThrow(
      /store must be a PostgreSQL URL/,
    );
  });
});
