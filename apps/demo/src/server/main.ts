/**
 * `pnpm demo`: starts everything and prints one URL. State (PGlite, the emulator snapshot) is
 * kept in apps/demo/.tollgate and survives restarts; delete the folder to start over.
 */
import path from 'node:path';
import { DEMO_ROOT } from './app-config';
import { DemoConfigError } from './config';
import { startDemo } from './demo';

const DEFAULT_PORT = 4000;
const DEFAULT_EMULATOR_PORT = 12111;

function portFrom(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DemoConfigError(`PORT must be a number from 0 to 65535, got "${raw}".`);
  }
  return port;
}

const isBusy = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'EADDRINUSE';

async function main(): Promise<void> {
  const dataDir = path.join(DEMO_ROOT, '.tollgate');
  const verbose = process.env.TOLLGATE_DEMO_VERBOSE === '1';
  const port = portFrom(process.env.PORT, DEFAULT_PORT);
  const start = (appPort: number, emulatorPort: number) =>
    startDemo({
      dataDir,
      port: appPort,
      emulatorPort,
      env: process.env,
      app: process.env.TOLLGATE_DEMO_APP === 'dev' ? 'dev' : 'bundle',
      log: verbose ? (line) => console.log(`  ${line}`) : undefined,
    });
  const started = Date.now();
  let demo: Awaited<ReturnType<typeof startDemo>>;
  try {
    demo = await start(port, DEFAULT_EMULATOR_PORT);
  } catch (error) {
    if (!isBusy(error) || process.env.PORT) throw error;
    // Another demo (or anything else) holds the usual ports: take free ones instead.
    demo = await start(0, 0);
  }
  const offline = demo.backend.stripe === 'emulator';
  console.log(
    `\nTollgate demo ready in ${((Date.now() - started) / 1000).toFixed(1)} s → ${demo.url}\n`,
  );
  console.log(
    offline
      ? `  Offline: Stripe emulator + PGlite, state in ${path.relative(process.cwd(), dataDir) || dataDir} (delete it to start over).`
      : '  Real Stripe test mode + PostgreSQL. Forward webhooks with: stripe listen --forward-to <this URL>/api/billing/webhook',
  );
  console.log('  Ctrl-C to stop.\n');

  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    error instanceof DemoConfigError
      ? `\n${error.message}\n`
      : `\nThe demo could not start: ${(error as Error)?.stack ?? error}\n`,
  );
  process.exit(1);
});
