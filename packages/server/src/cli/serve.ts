import { BillingError } from '@tollgate/core';
import { createServer } from '../service/create-server';
import type { IdentityConfig } from '../service/identity/identity';
import type { ServiceConfig } from '../service/service-config';
import { loadConfig } from './load-config';
import { type CommandOptions, stripeInput } from './resources';

/** Options of `tollgate serve`. */
export interface ServeOptions extends CommandOptions {
  port?: string | undefined;
  host?: string | undefined;
}

type Env = Record<string, string | undefined>;

/** `auth` from the environment when the config has none. */
function authFromEnv(env: Env): IdentityConfig {
  const secrets = env.TOLLGATE_USER_SECRET?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    ...(secrets?.length ? { signedHeader: { secrets } } : {}),
    ...(env.TOLLGATE_JWKS_URL
      ? {
          jwt: {
            jwksUrl: env.TOLLGATE_JWKS_URL,
            issuer: env.TOLLGATE_JWT_ISSUER ?? '',
            audience: env.TOLLGATE_JWT_AUDIENCE ?? '',
          },
        }
      : {}),
  };
}

/** The service config: the file's, with what it leaves out taken from the environment. */
export async function serviceConfig(options: CommandOptions, env: Env): Promise<ServiceConfig> {
  const file = (await loadConfig(options.config)) as Partial<ServiceConfig>;
  const webhookSecret = file.webhookSecret ?? env.STRIPE_WEBHOOK_SECRET;
  const appUrl = file.appUrl ?? env.APP_URL;
  if (!webhookSecret || !appUrl) {
    throw new BillingError(
      'CONFIG_INVALID',
      `Set ${[webhookSecret ? null : 'STRIPE_WEBHOOK_SECRET (whsec_…)', appUrl ? null : "APP_URL (your app's public origin)"].filter(Boolean).join(' and ')} — or put webhookSecret / appUrl in the config file.`,
    );
  }
  const store = file.store ?? env.DATABASE_URL;
  return {
    ...(file as ServiceConfig),
    stripe: stripeInput(file),
    webhookSecret,
    appUrl,
    auth: file.auth ?? authFromEnv(env),
    ...(store ? { store } : {}),
    ...(options.schema ? { schema: options.schema } : {}),
  };
}

/**
 * `tollgate serve`: the billing service on PORT (default 4100) until SIGTERM/SIGINT, then a
 * graceful shutdown. Resolves with the exit code once it has stopped.
 */
export async function runServe(options: ServeOptions, env: Env = process.env): Promise<number> {
  const config = await serviceConfig(options, env);
  const server = createServer(config);
  const report = await server.billing.health();
  if (report.status === 'error') {
    for (const problem of report.problems)
      server.logger.error(problem.message, { code: problem.code });
    await server.close();
    return 1;
  }
  await server
    .listen({
      port: Number(options.port ?? env.PORT ?? 4100),
      host: options.host ?? env.HOST ?? '127.0.0.1',
    })
    .catch(async (error: unknown) => {
      await server.close();
      throw error;
    });
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  server.logger.info('received signal', { signal });
  await server.close();
  return 0;
}
