/**
 * The service without a store, as `tollgate serve` runs with no DATABASE_URL: embedded PGlite in
 * ./.tollgate/pglite, created and migrated before it serves, and one log line saying so.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { APP_URL, BASE, catalog, memoryLogger, unreachableStripe } from '../../../../test/app';
import { signUserHeader } from '../../src/service/identity/signed-header';
import { createService } from '../../src/service/service';

const SECRET = 'e'.repeat(32);
const cwd = process.cwd();
afterAll(() => process.chdir(cwd));

it('opens embedded PGlite in ./.tollgate/pglite, migrates it before serving and says so once', {
  timeout: 120_000,
}, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-service-store-'));
  process.chdir(dir);
  const logger = memoryLogger();
  const service = createService({
    stripe: unreachableStripe,
    webhookSecret: 'whsec_test_secret',
    catalog,
    appUrl: APP_URL,
    logger,
    auth: { signedHeader: { secrets: SECRET } },
  });
  try {
    await service.ready();
    expect(fs.existsSync(path.join(dir, '.tollgate/pglite/PG_VERSION'))).toBe(true);
    const res = await service.handler(
      new Request(`${BASE}/status`, {
        headers: {
          'tollgate-user': signUserHeader({ id: 'u1', email: 'u1@example.test' }, SECRET),
        },
      }),
    );
    expect(res.status).toBe(200);
    const said = logger.lines.filter((line) => line.message.includes('embedded PGlite'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ level: 'warn' });
    expect(said[0]?.message).toContain('./.tollgate/pglite (applied migrations 1');
  } finally {
    await service.close();
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
