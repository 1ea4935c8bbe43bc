#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { runCatalogPush } from './catalog-push';
import { runMigrate } from './migrate';
import { runReconcile } from './reconcile';
import { runServe } from './serve';
import { runUsageFlush } from './usage-flush';

const USAGE = `tollgate <command> [--config tollgate.config.{mjs,ts} | plans.ts]

Commands
  migrate          apply the SQL migrations (config.store, else DATABASE_URL, else ./.tollgate/pglite)
  catalog push     create/update Stripe products and prices from the catalog by lookup key
  reconcile        re-sync every customer from Stripe into the store
  serve            run the billing service for apps in any language (--port, --host)
  usage flush      deliver the usage outbox to Stripe Billing Meters (--watch: keep running as a worker)

Environment
  DATABASE_URL        PostgreSQL URL (when the config has no store; default: embedded PGlite)
  STRIPE_SECRET_KEY   Stripe secret key (when the config has no stripe)
  STRIPE_API_BASE     e.g. http://127.0.0.1:12111 to talk to the emulator
  serve only:
  STRIPE_WEBHOOK_SECRET, APP_URL    when the config has no webhookSecret / appUrl
  TOLLGATE_USER_SECRET              shared secret(s) for the Tollgate-User header (comma-separated during rotation)
  TOLLGATE_JWKS_URL, TOLLGATE_JWT_ISSUER, TOLLGATE_JWT_AUDIENCE   accept bearer JWTs instead / as well
  PORT, HOST                        where to listen (default 127.0.0.1:4100)`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      schema: { type: 'string' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      watch: { type: 'boolean' },
    },
  });
  const command = positionals.join(' ');
  const options = { config: values.config, schema: values.schema };
  if (values.help || command === '' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (command === 'migrate') return runMigrate(options);
  if (command === 'catalog push') return runCatalogPush(options);
  if (command === 'reconcile') return runReconcile(options);
  if (command === 'serve') return runServe({ ...options, port: values.port, host: values.host });
  if (command === 'usage flush') return runUsageFlush({ ...options, watch: values.watch });
  console.error(`Unknown command "${command}".\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`tollgate: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
