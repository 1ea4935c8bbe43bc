import { parseArgs } from 'node:util';
import { DemoConfigError } from './config';

/** Where `pnpm demo` listens. */
export interface DemoPorts {
  /** The demo's one URL. */
  port: number;
  /** The Stripe emulator (its API and hosted pages). */
  emulatorPort: number;
}

/** `pnpm demo --help`. */
export const DEMO_USAGE = `Usage: pnpm demo [--port <n>] [--emulator-port <n>]

  --port <n>           The demo's URL (default 4000, env PORT)
  --emulator-port <n>  The Stripe emulator (default 12111, env TOLLGATE_EMULATOR_PORT)
  -h, --help           Show this help

A port that is in use is refused (nothing moves to another port): stop what holds it, or pick
another. 0 picks a free port. Environment: TOLLGATE_DEMO_VERBOSE=1 prints each start-up step;
TOLLGATE_DEMO_DATA_DIR keeps the state somewhere other than apps/demo/.tollgate;
TOLLGATE_DEMO_APP=dev serves the app with hot reload; STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET,
DATABASE_URL run it against real Stripe test mode and PostgreSQL (see apps/demo/README.md).`;

const DEFAULTS: DemoPorts = { port: 4000, emulatorPort: 12111 };

function port(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value > 65535) {
    throw new DemoConfigError(`${name} must be a port number from 0 to 65535, got "${raw}".`);
  }
  return value;
}

/**
 * The demo's ports from the command line (`--port`, `--emulator-port`), else the environment
 * (`PORT`, `TOLLGATE_EMULATOR_PORT`), else 4000 and 12111. `null` means `--help`.
 */
export function readDemoPorts(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): DemoPorts | null {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new DemoConfigError(`${(error as Error).message}\n\n${DEMO_USAGE}`);
  }
  const { values } = parsed;
  if (values.help) return null;
  return {
    port:
      values.port !== undefined
        ? port(values.port, DEFAULTS.port, '--port')
        : port(env.PORT, DEFAULTS.port, 'PORT'),
    emulatorPort:
      values['emulator-port'] !== undefined
        ? port(values['emulator-port'], DEFAULTS.emulatorPort, '--emulator-port')
        : port(env.TOLLGATE_EMULATOR_PORT, DEFAULTS.emulatorPort, 'TOLLGATE_EMULATOR_PORT'),
  };
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      port: { type: 'string' },
      'emulator-port': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
