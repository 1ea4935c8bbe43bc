import { parseArgs } from 'node:util';

/** What the command line asked for. */
interface CliOptions {
  port: number;
  host: string;
  webhooks: string[];
  snapshot: string | null;
  seed: number | null;
  help: boolean;
}

/** A command line that cannot be run; the message says what to fix. */
export class CliUsageError extends Error {
  readonly code = 'CLI_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** The `--help` text. */
export const USAGE = `Usage: tollgate-emulator [options]

A stateful Stripe API emulator the official stripe SDK talks to over HTTP.

Options:
  --port <n>        Port to listen on (default 12111; 0 picks a free port)
  --host <addr>     Address to bind (default 127.0.0.1)
  --webhook <url>   Deliver signed webhook events to <url> (repeatable)
  --snapshot <file> Restore state from <file> on start (if it exists), save it on exit
  --seed <n>        Seed for reproducible fault injection (default 0)
  -h, --help        Show this help
`;

function integer(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw new CliUsageError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

/** Parses argv (without `node` and the script). */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (err) {
    throw new CliUsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const webhooks = values.webhook ?? [];
  for (const url of webhooks) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new CliUsageError(`--webhook must be an http(s) URL, got "${url}"`);
    }
  }
  return {
    port: values.port === undefined ? 12111 : integer('port', values.port, 0, 65535),
    host: values.host ?? '127.0.0.1',
    webhooks,
    snapshot: values.snapshot ?? null,
    seed: values.seed === undefined ? null : integer('seed', values.seed, 0, 2 ** 31 - 1),
    help: values.help ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      webhook: { type: 'string', multiple: true },
      snapshot: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
