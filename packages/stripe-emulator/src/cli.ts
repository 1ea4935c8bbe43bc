#!/usr/bin/env node
/**
 * `tollgate-emulator`: starts the Stripe emulator, prints its URL, keys and webhook signing
 * secret, and closes cleanly on Ctrl-C (saving the snapshot when `--snapshot` is given).
 * `trigger`, `listen`, `events list` and `events resend` work against a running emulator the
 * way the Stripe CLI works against Stripe.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApiError } from './cli/api.js';
import { listEvents, resendEvent } from './cli/events.js';
import { listen } from './cli/listen.js';
import { isTriggerError, trigger } from './cli/trigger.js';
import { type CliOptions, CliUsageError, parseCliArgs, USAGE } from './cli-args.js';
import { startEmulator } from './index.js';
import { type EmulatorSnapshot, loadSnapshot, saveSnapshot } from './snapshot.js';

/** Where the CLI writes. */
interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** A running CLI session (an emulator, or a `listen`). */
interface CliSession {
  /** The emulator's URL (`start`), or the URL events are forwarded to (`listen`). */
  url: string;
  /** Saves the snapshot (if any) and closes the emulator. */
  close(): Promise<void>;
}

/**
 * Start options that resume a snapshot: its state and keys (so the app's env stays valid), and
 * its clock — a frozen clock where it stood, a running one at real time (or later, if it had
 * been advanced past real time).
 */
function restoreOptions(snapshot: EmulatorSnapshot) {
  const now = Math.floor(Date.now() / 1000);
  return {
    state: snapshot.state,
    start: snapshot.clock.frozen ? snapshot.clock.now : Math.max(now, snapshot.clock.now),
    frozen: snapshot.clock.frozen,
    ...(snapshot.keys ?? {}),
  };
}

/**
 * Runs the CLI with `argv` (no `node`/script): starts the emulator and prints how to reach it.
 * Returns `null` after printing `--help`.
 * @throws CliUsageError for a bad command line.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo = { out: console.log, err: console.error },
): Promise<CliSession | null> {
  const options = parseCliArgs(argv);
  if (options.command !== 'start') return runClient(options, io);
  if (options.help) {
    io.out(USAGE);
    return null;
  }
  const snapshot = options.snapshot ? await loadSnapshot(options.snapshot) : null;
  const emulator = await startEmulator({
    port: options.port,
    host: options.host,
    webhooks: options.webhooks.map((url) => ({ url })),
    ...(options.seed !== null ? { seed: options.seed } : {}),
    ...(options.meterEventRateLimit !== null
      ? { meterEventRateLimit: options.meterEventRateLimit }
      : {}),
    ...(snapshot ? restoreOptions(snapshot) : {}),
  });
  const { port } = emulator;
  io.out(`Tollgate Stripe emulator listening on ${emulator.url}`);
  io.out('');
  io.out(`  STRIPE_SECRET_KEY=${emulator.secretKey}`);
  io.out(`  STRIPE_PUBLISHABLE_KEY=${emulator.publishableKey}`);
  io.out(`  STRIPE_WEBHOOK_SECRET=${emulator.webhookSecret}`);
  io.out('');
  io.out(
    `  SDK: new Stripe(STRIPE_SECRET_KEY, { host: '${options.host}', port: ${port}, protocol: 'http' })`,
  );
  for (const url of options.webhooks) io.out(`  Webhooks → ${url}`);
  if (options.snapshot) {
    io.out(
      `  Snapshot: ${options.snapshot} (${snapshot ? `restored from ${snapshot.savedAt}` : 'new'})`,
    );
  }
  io.out('');

  let closing: Promise<void> | null = null;
  return {
    url: emulator.url,
    close() {
      closing ??= (async () => {
        if (options.snapshot) {
          await saveSnapshot(options.snapshot, emulator.state, emulator.clock, {
            secretKey: emulator.secretKey,
            webhookSecret: emulator.webhookSecret,
          });
        }
        await emulator.close();
      })();
      return closing;
    },
  };
}

/** Runs a command against a running emulator; a `listen` keeps running until closed. */
async function runClient(
  options: Exclude<CliOptions, { command: 'start' }>,
  io: CliIo,
): Promise<CliSession | null> {
  switch (options.command) {
    case 'trigger': {
      io.out(`Setting up fixture for: ${options.event}`);
      const events = await trigger(options.target, options.event);
      for (const e of events) io.out(`  ${e.id}  ${e.type}`);
      io.out(`Trigger succeeded! Check the emulator's events or your \`listen\` output.`);
      return null;
    }
    case 'listen': {
      const listener = await listen(options.target, options.forwardTo, options.events, io.out);
      return { url: options.forwardTo, close: () => listener.close() };
    }
    case 'events list':
      await listEvents(
        options.target,
        { limit: options.limit, ...(options.type ? { type: options.type } : {}) },
        io.out,
      );
      return null;
    case 'events resend':
      await resendEvent(options.target, options.id, options.endpoint ?? undefined, io.out);
      return null;
  }
}

async function main(): Promise<void> {
  let session: CliSession | null;
  try {
    session = await runCli(process.argv.slice(2));
  } catch (err) {
    const known = err instanceof CliUsageError || err instanceof ApiError || isTriggerError(err);
    console.error(known ? (err as Error).message : String((err as Error).stack ?? err));
    process.exit(err instanceof CliUsageError ? 2 : 1);
  }
  if (!session) return;
  const stop = (signal: string) => {
    console.log(`\n${signal}: closing…`);
    session.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // Only now that the handlers are installed: Ctrl-C from here on saves and closes cleanly.
  console.log('Press Ctrl-C to stop.');
}

const entry = process.argv[1];
if (entry && realpathSync(entry) === fileURLToPath(import.meta.url)) await main();
