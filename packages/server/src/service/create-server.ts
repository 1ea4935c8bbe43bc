import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '../node';
import { createService, type Service } from './service';
import type { ServiceConfig } from './service-config';

/** A running (or ready to run) Tollgate service on Node. */
export interface TollgateServer {
  /** The fetch-style handler behind the server (for tests or another HTTP stack). */
  handler: Service['handler'];
  billing: Service['billing'];
  logger: Service['logger'];
  /**
   * Migrates the store and creates the SQL view, then starts listening; `port: 0` picks a free
   * port. Resolves with the URL it listens on.
   */
  listen(options?: { port?: number; host?: string }): Promise<{ url: string; port: number }>;
  /**
   * Graceful shutdown: stops accepting connections, lets requests in flight finish (up to
   * `shutdownTimeoutMs`), then closes the store.
   */
  close(): Promise<void>;
}

/**
 * The standalone billing service for apps in any language: the billing routes, the webhook,
 * `GET /health`, identity from a signed header or a JWT. `tollgate serve` runs this.
 *
 * @example
 * const server = createServer({ ...config, auth: { signedHeader: { secrets: process.env.TOLLGATE_USER_SECRET! } } });
 * await server.listen({ port: 4100 });
 * process.once('SIGTERM', () => server.close());
 */
export function createServer(config: ServiceConfig): TollgateServer {
  const service = createService(config);
  const http = createHttpServer(toNodeHandler(service.handler));
  let inFlight = 0;
  const drained: (() => void)[] = [];
  http.on('request', (_req, res) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (inFlight === 0) for (const done of drained.splice(0)) done();
    });
  });
  let closing: Promise<void> | null = null;
  const timeout = config.shutdownTimeoutMs ?? 10_000;

  return {
    handler: service.handler,
    billing: service.billing,
    logger: service.logger,
    listen: async ({ port = 0, host = '127.0.0.1' } = {}) => {
      await service.ready();
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          const address = http.address() as AddressInfo;
          const shown = host.includes(':') ? `[${host}]` : host;
          const url = `http://${shown}:${address.port}`;
          service.logger.info('listening', { url });
          resolve({ url, port: address.port });
        });
      });
    },
    close: () => {
      closing ??= (async () => {
        const started = performance.now();
        service.logger.info('shutting down', { inFlight, timeoutMs: timeout });
        const stopped = new Promise<void>((resolve) => {
          if (!http.listening) return resolve();
          http.close(() => resolve());
        });
        http.closeIdleConnections();
        if (inFlight > 0) {
          await Promise.race([
            new Promise<void>((resolve) => drained.push(resolve)),
            new Promise<void>((resolve) => setTimeout(resolve, timeout).unref()),
          ]);
        }
        const cut = inFlight;
        http.closeAllConnections();
        await stopped;
        await service.close();
        service.logger.info('stopped', {
          ms: Math.round(performance.now() - started),
          ...(cut > 0 ? { cutRequests: cut } : {}),
        });
      })();
      return closing;
    },
  };
}
