import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Node request listener. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/** The demo's one HTTP server: `/api/*` to the API listener, everything else to the app. */
export interface DemoHttpServer {
  server: Server;
  /** `http://host:port`, known once listening. */
  url: string;
  /** Plugs the listeners in once they exist; until then requests get 503. */
  mount(listeners: { api: NodeListener; app: NodeListener }): void;
  /** While the demo starts over: API requests get 503 "retry in a second". */
  pause(): void;
  /** Plugs the (new) API listener back in. */
  resume(api: NodeListener | undefined): void;
  close(): Promise<void>;
}

const notReady: NodeListener = (_req, res) => {
  res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
  res.end(
    JSON.stringify({
      error: { code: 'STARTING', message: 'The demo is starting — retry in a second.' },
    }),
  );
};

/**
 * Listens first (the emulator needs the webhook URL before anything else starts), routes later.
 */
export async function listen(port: number, host: string): Promise<DemoHttpServer> {
  let api: NodeListener = notReady;
  let app: NodeListener = notReady;
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/api' || path.startsWith('/api/')) api(req, res);
    else app(req, res);
  });
  // Keep-alive sockets would hold close() open for the default 5 s.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    mount(listeners) {
      api = listeners.api;
      app = listeners.app;
    },
    pause() {
      api = notReady;
    },
    resume(next) {
      api = next ?? notReady;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
