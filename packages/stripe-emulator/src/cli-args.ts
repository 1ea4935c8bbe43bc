import { parseArgs } from 'node:util';
import type { Target } from './cli/api.js';

/** `tollgate-emulator [start]`: run an emulator. */
interface StartOptions {
  command: 'start';
  port: number;
  host: string;
  webhooks: string[];
  snapshot: string | null;
  seed: number | null;
  /** Meter events accepted per second before 429 (null: the emulator's default, 1,000). */
  meterEventRateLimit: number | null;
  help: boolean;
}

/** A client command against a running emulator (`trigger`, `listen`, `events …`). */
type ClientCommand =
  | { command: 'trigger'; event: string; target: Target }
  | { command: 'listen'; forwardTo: string; events: string[]; target: Target }
  | { command: 'events list'; limit: number; type: string | null; target: Target }
  | { command: 'events resend'; id: string; endpoint: string | null; target: Target };

/** What the command line asked for. */
export type CliOptions = StartOptions | ClientCommand;

/** A command line that cannot be run; the message says what to fix. */
export class CliUsageError extends Error {
  readonly code = 'CLI_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** The `--help` text. */
export const USAGE = `Usage: tollgate-emulator [start] [options]
       tollgate-emulator trigger <event> [--port n | --url url]
       tollgate-emulator listen --forward-to <url> [--events a,b] [--port n | --url url]
       tollgate-emulator events list [--limit n] [--type t] [--port n | --url url]
       tollgate-emulator events resend <evt_id> [--webhook-endpoint we_…] [--port n | --url url]

A stateful Stripe API emulator the official stripe SDK talks to over HTTP, and the Stripe CLI's
offline workflow against it.

Start options:
  --port <n>        Port to listen on (default 12111, env TOLLGATE_EMULATOR_PORT; 0 picks a free port)
  --host <addr>     Address to bind (default 127.0.0.1)
  --webhook <url>   Deliver signed webhook events to <url> (repeatable)
  --snapshot <file> State file: restore from it on start (if it exists), save it on exit
                    (env TOLLGATE_EMULATOR_SNAPSHOT)
  --seed <n>        Seed for reproducible fault injection (default 0)
  --meter-event-rate-limit <n>
                    Meter events accepted per second before 429 rate_limit (default 1000)
  -h, --help        Show this help

Commands against a running emulator (at --url, env TOLLGATE_EMULATOR_URL, or 127.0.0.1:--port):
  trigger <event>          Create the objects that produce <event> (like \`stripe trigger\`)
  listen --forward-to <u>  Print a signing secret and forward signed events to <u>, with each
                           delivery's status (like \`stripe listen\`)
  events list              Show the newest events
  events resend <id>       Deliver an event to the webhook endpoints again
  --api-key <key>          Secret key to call with (default: env STRIPE_SECRET_KEY, else any sk_test_)
`;

function integer(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw new CliUsageError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function httpUrl(flag: string, url: string): string {
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new CliUsageError(`${flag} must be an http(s) URL, got "${url}"`);
  }
  return url;
}

type Env = Record<string, string | undefined>;

/** Parses argv (without `node` and the script); `env` supplies the defaults named in {@link USAGE}. */
export function parseCliArgs(argv: readonly string[], env: Env = process.env): CliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new CliUsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const rawPort = values.port ?? env.TOLLGATE_EMULATOR_PORT;
  const port = rawPort === undefined ? 12111 : integer('port', rawPort, 0, 65535);
  const [command = 'start', ...rest] = positionals;
  if (command === 'start') {
    if (rest.length) throw new CliUsageError(`Unexpected argument "${rest[0]}".\n\n${USAGE}`);
    return {
      command: 'start',
      port,
      host: values.host ?? '127.0.0.1',
      webhooks: (values.webhook ?? []).map((u) => httpUrl('--webhook', u)),
      snapshot: values.snapshot ?? env.TOLLGATE_EMULATOR_SNAPSHOT ?? null,
      seed: values.seed === undefined ? null : integer('seed', values.seed, 0, 2 ** 31 - 1),
      meterEventRateLimit:
        values['meter-event-rate-limit'] === undefined
          ? null
          : integer('meter-event-rate-limit', values['meter-event-rate-limit'], 1, 1_000_000),
      help: values.help ?? false,
    };
  }
  const target: Target = {
    url: httpUrl('--url', values.url ?? env.TOLLGATE_EMULATOR_URL ?? `http://127.0.0.1:${port}`),
    key: values['api-key'] ?? env.STRIPE_SECRET_KEY ?? 'sk_test_tollgate_cli',
  };
  if (command === 'trigger') {
    if (!rest[0])
      throw new CliUsageError('trigger needs an event type, e.g. `trigger invoice.paid`.');
    return { command: 'trigger', event: rest[0], target };
  }
  if (command === 'listen') {
    if (!values['forward-to'])
      throw new CliUsageError(
        'listen needs --forward-to <url>, e.g. http://localhost:3000/api/webhook.',
      );
    return {
      command: 'listen',
      forwardTo: httpUrl('--forward-to', values['forward-to']),
      events: values.events
        ? values.events
            .split(',')
            .map((e) => e.trim())
            .filter(Boolean)
        : [],
      target,
    };
  }
  if (command === 'events' && rest[0] === 'list') {
    return {
      command: 'events list',
      limit: values.limit === undefined ? 10 : integer('limit', values.limit, 1, 100),
      type: values.type ?? null,
      target,
    };
  }
  if (command === 'events' && rest[0] === 'resend') {
    if (!rest[1])
      throw new CliUsageError('events resend needs an event id, e.g. `events resend evt_…`.');
    return {
      command: 'events resend',
      id: rest[1],
      endpoint: values['webhook-endpoint'] ?? null,
      target,
    };
  }
  throw new CliUsageError(`Unknown command "${[command, ...rest].join(' ')}".\n\n${USAGE}`);
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      webhook: { type: 'string', multiple: true },
      snapshot: { type: 'string' },
      seed: { type: 'string' },
      'meter-event-rate-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
      'forward-to': { type: 'string' },
      events: { type: 'string' },
      limit: { type: 'string' },
      type: { type: 'string' },
      'webhook-endpoint': { type: 'string' },
    },
  });
}
