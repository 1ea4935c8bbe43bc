/**
 * `pnpm demo`: starts everything and prints one URL. State (PGlite, the emulator snapshot) is
 * kept in apps/demo/.tollgate and survives restarts; delete the folder (or press Reset in the
 * developer panel) to start over, even while the demo runs.
 */
import path from 'node:path';
import { DEMO_ROOT } from './app-config';
import { DEMO_USAGE, readDemoPorts } from './cli-options';
import { DemoConfigError } from './config';

/** The data folder as the user would type it: relative when inside the current folder. */
const shown = (dir: string) => {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith('..') ? relative : dir;
};

/** Seconds since this process started: module loading (tsx, Vite, PGlite…) included. */
const uptime = () => process.uptime().toFixed(1);

async function main(): Promise<void> {
  const ports = readDemoPorts(process.argv.slice(2), process.env);
  if (!ports) {
    console.log(DEMO_USAGE);
    return;
  }
  // The heavy modules load only once the command line is known to be good.
  const { PortInUseError, startDemo } = await import('./demo');
  const loaded = process.uptime();
  const dataDir = process.env.TOLLGATE_DEMO_DATA_DIR || path.join(DEMO_ROOT, '.tollgate');
  const verbose = process.env.TOLLGATE_DEMO_VERBOSE === '1';
  let demo: Awaited<ReturnType<typeof startDemo>>;
  try {
    demo = await startDemo({
      dataDir,
      port: ports.port,
      emulatorPort: ports.emulatorPort,
      env: process.env,
      app: process.env.TOLLGATE_DEMO_APP === 'dev' ? 'dev' : 'bundle',
      log: verbose ? (line) => console.log(`  ${line}`) : undefined,
    });
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    const [flag, variable] =
      error.server === 'app' ? ['--port', 'PORT'] : ['--emulator-port', 'TOLLGATE_EMULATOR_PORT'];
    throw new DemoConfigError(
      `${error.message} Is another demo running? Stop it, or choose a free port: pnpm demo ${flag} ${error.port + 1} (or ${variable}=${error.port + 1}).`,
    );
  }
  const offline = demo.backend.stripe === 'emulator';
  console.log(
    `\nTollgate demo ready in ${uptime()} s (${loaded.toFixed(1)} s of it starting Node and loading modules) → ${demo.url}\n`,
  );
  if (demo.emulator) console.log(`  Stripe emulator: ${demo.emulator.url}`);
  console.log(
    offline
      ? `  Offline: Stripe emulator + ${demo.reset ? 'PGlite' : 'your PostgreSQL'}, state in ${shown(dataDir)}${demo.reset ? ' — delete it, or use Start over in the developer panel, to begin again' : ''}.`
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
