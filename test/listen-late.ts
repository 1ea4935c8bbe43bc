import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Node request listener. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A server listening before its handler exists: the emulator needs the webhook URL before the
 * billing handler (which needs the emulator's secret) can be built.
 */
export interface LateServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Plugs in the listener; until then every request is answered 503. */
  serve(listener: NodeListener): void;
  /** Stops listening and drops open keep-alive connections. */
  close(): Promise<void>;
}

/** Listens on a free port of 127.0.0.1 with the listener plugged in later. */
export async function listenLate(): Promise<LateServer> {
  let listener: NodeListener = (_req, res) => {
    res.writeHead(503).end('not ready');
  };
  const server = createServer((req, res) => listener(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    serve(next) {
      listener = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
